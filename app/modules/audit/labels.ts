// How the page and the CSV name an audit record's action, role and target type: translated when
// the text exists, the raw value otherwise (other modules add actions without touching the texts).
import type { TFunction } from "i18next";

const ACTION = /^[A-Za-z]+\.[A-Za-z]+$/;
const WORD = /^[A-Za-z]+$/;
const ACCOUNT_ROLES = ["PRODUCER", "HELPER", "OFFICIAL", "OPERATOR", "BUYER", "ADMIN"];

function lookup(t: TFunction, key: string, fallback: string): string {
  const text: unknown = t(key, { defaultValue: fallback });
  return typeof text === "string" && text !== key ? text : fallback;
}

export function auditActionLabel(t: TFunction, action: string): string {
  if (action === "product." || action === "product.*") return lookup(t, "audit.actions.productAll", action);
  return ACTION.test(action) ? lookup(t, `audit.actions.${action}`, action) : action;
}

export function auditRoleLabel(t: TFunction, role: string): string {
  if (role === "SYSTEM") return t("audit.system");
  return ACCOUNT_ROLES.includes(role) ? t(`roles.${role}`) : role;
}

export function auditTargetLabel(t: TFunction, type: string): string {
  return WORD.test(type) ? lookup(t, `audit.targetTypes.${type}`, type) : type;
}
