/** Roles anyone may pick at sign-up; officials, operators and admins are appointed by an admin. */
export const SELF_SERVICE_ROLES_LIST = ["BUYER", "PRODUCER", "HELPER"] as const;
export type SelfServiceRole = (typeof SELF_SERVICE_ROLES_LIST)[number];
