/** Only same-site paths: "/x" yes; "//evil.com", "/\\evil.com", "https://evil.com" no. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !isLocalPath(to)) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  try {
    const url = new URL(to, "http://local.invalid");
    const path = url.pathname + url.search + url.hash;
    // Checked again after parsing: dot segments collapse ("/.//evil.com" becomes "//evil.com").
    return url.origin === "http://local.invalid" && isLocalPath(path) ? path : fallback;
  } catch {
    return fallback;
  }
}

const isLocalPath = (to: string) => to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\");
