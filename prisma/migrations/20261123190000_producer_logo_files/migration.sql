-- AlterTable
ALTER TABLE "Producer" ADD COLUMN     "logoWidth" INTEGER,
ADD COLUMN     "logoOriginalKey" TEXT;
