import type { Messages } from "./vi";
import { producerEn } from "./sections/producer.en";
import { productsEn } from "./sections/products.en";
import { membersEn } from "./sections/members.en";
import { photosEn } from "./sections/photos.en";
import { certificatesEn } from "./sections/certificates.en";
import { batchesEn } from "./sections/batches.en";
import { importsEn } from "./sections/imports.en";
import { reviewsEn } from "./sections/reviews.en";
import { notificationsEn } from "./sections/notifications.en";
import { auditEn } from "./sections/audit.en";
import { statisticsEn } from "./sections/statistics.en";
import { catalogueEn } from "./sections/catalogue.en";
import { productPageEn } from "./sections/productPage.en";
import { checkoutEn } from "./sections/checkout.en";
import { ordersEn } from "./sections/orders.en";
import { marketplacesEn } from "./sections/marketplaces.en";
import { personalDataEn } from "./sections/personalData.en";

export const en: Messages = {
  app: {
    name: "OCOP Portal",
    tagline: "Traceable OCOP and farm products",
    skipToContent: "Skip to main content",
  },
  nav: {
    home: "Home",
    login: "Log in",
    signup: "Sign up",
    logout: "Log out",
    account: "Account",
    menu: "Menu",
    language: "Language",
    producer: "My products",
    helper: "Assist producers",
    review: "Review dossiers",
    operator: "Marketplace sync",
    admin: "Administration",
    buyer: "My orders",
  },
  roles: {
    PRODUCER: "Producer",
    HELPER: "Community digital helper",
    OFFICIAL: "Trade department official",
    OPERATOR: "Marketplace operator",
    BUYER: "Buyer",
    ADMIN: "Administrator",
  },
  home: {
    title: "OCOP products you can trace",
    lead: "Cooperatives and farm households put their products online, the provincial trade department approves them, and buyers scan a QR code to see where the goods come from.",
    featured: "Featured products",
    productCount_other: "{{count}} approved products",
    empty: "No approved products yet.",
    by: "by {{producer}}",
    welcome: "Hello, {{name}}",
    yourWork: "Your work",
  },
  stars_other: "{{count}}-star OCOP",
  fields: {
    identifier: "Phone number or email",
    identifierHint: "For example 0912 345 678 or name@email.vn",
    name: "Full name",
    email: "Email",
    phone: "Phone number",
    password: "Password",
    passwordHint: "At least 10 characters. A memorable sentence works well.",
    newPassword: "New password",
    confirmPassword: "Repeat the password",
    remember: "Keep me signed in on this device",
    role: "Role",
    province: "Province/city",
  },
  auth: {
    loginTitle: "Log in",
    loginSubmit: "Log in",
    noAccount: "No account yet?",
    signupTitle: "Create an account",
    signupLead: "Use a phone number or an email. You can add your business details later.",
    signupAs: "I am a",
    signupSubmit: "Create account",
    haveAccount: "Already have an account?",
    forgotLink: "Forgot your password?",
    forgotTitle: "Forgot password",
    forgotLead:
      "Enter the email or phone number of your account. We will send a link to reset your password, valid once for 30 minutes.",
    forgotSubmit: "Send the link",
    forgotSent: "If the account exists, a password reset link has been sent. Please check your inbox.",
    resetTitle: "Choose a new password",
    resetSubmit: "Save new password",
    resetDone: "Password changed. Please log in with your new password.",
    resetInvalid: "This reset link is invalid or has expired. Please request a new one.",
    loggedOut: "You have logged out.",
    welcomeBack: "Welcome back!",
    accountCreated: "Account created. Welcome!",
    consent:
      "I agree that the OCOP Portal processes my personal data (name, phone/email) to manage my account, under the 2025 Personal Data Protection Law.",
    mailSubject: "Reset your OCOP Portal password",
    mailBody:
      "Hello {{name}},\n\nTo choose a new password, open this link (single use, expires in 30 minutes):\n{{link}}\n\nIf you did not ask for this, ignore this email.",
  },
  account: {
    title: "My account",
    signedInAs: "Signed in as {{role}}",
    sessions_one: "{{count}} active session",
    sessions_other: "{{count}} active sessions",
    logoutEverywhere: "Log out on every device",
  },
  workspace: {
    reviewLead: "Product dossiers awaiting review in {{province}}.",
    operatorLead: "Push approved catalogues to marketplaces.",
    adminLead: "Users and roles.",
    buyerLead: "Follow your orders.",
    productsByStatus: "Products by status",
    usersTitle: "Users",
    comingSoon: "This feature is being built.",
    changeRole: "Change role",
    save: "Save",
    roleChanged: "Role updated.",
  },
  status: {
    DRAFT: "Draft",
    SUBMITTED: "Submitted",
    IN_REVIEW: "In review",
    APPROVED: "Approved",
    CHANGES_REQUESTED: "Changes requested",
    REJECTED: "Rejected",
    SUSPENDED: "Suspended",
    WITHDRAWN: "Withdrawn",
  },
  errors: {
    required: "Please enter {{field}}.",
    tooLong: "{{field}} is too long (at most {{max}} characters).",
    identifierInvalid:
      "That phone number or email is not valid. Phone numbers have 10 digits and start with 03, 05, 07, 08 or 09.",
    emailInvalid: "That email address is not valid.",
    phoneInvalid: "That phone number is not valid: 10 digits starting with 03, 05, 07, 08 or 09.",
    contactRequired: "Please enter a phone number or an email.",
    passwordShort: "The password needs at least 10 characters.",
    passwordLong: "The password can have at most 128 characters.",
    passwordCommon: "This password is too common and easy to guess. Please choose another.",
    passwordMismatch: "The two passwords do not match.",
    duplicateAccount:
      "An account with this phone number or email already exists. Log in or use “Forgot your password”.",
    wrongCredentials: "Wrong phone/email or password.",
    consentRequired: "You need to agree to the processing of your account data.",
    roleInvalid: "Invalid role.",
    tooManyAttempts: "Too many attempts. Please wait {{minutes}} minutes and try again.",
    badRequest: "Invalid request.",
    forbiddenTitle: "You cannot access this page",
    forbiddenBody: "This page is for another role. If you think this is a mistake, contact an administrator.",
    notFoundTitle: "Page not found",
    notFoundBody: "The page you are looking for does not exist or was removed.",
    serverTitle: "Something went wrong",
    serverBody: "Sorry, the system ran into a problem. Please try again in a few minutes.",
    tooManyTitle: "Too many requests",
    backHome: "Back to the home page",
    requestId: "Request id: {{id}}",
  },
  producer: producerEn,
  products: productsEn,
  members: membersEn,
  photos: photosEn,
  certificates: certificatesEn,
  batches: batchesEn,
  imports: importsEn,
  reviews: reviewsEn,
  notifications: notificationsEn,
  audit: auditEn,
  statistics: statisticsEn,
  catalogue: catalogueEn,
  productPage: productPageEn,
  cart: checkoutEn.cart,
  checkout: checkoutEn.checkout,
  placed: checkoutEn.placed,
  vnpay: checkoutEn.vnpay,
  orders: ordersEn,
  marketplaces: marketplacesEn,
  personalData: personalDataEn,
};
