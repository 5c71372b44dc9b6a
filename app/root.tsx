import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useMemo, useRef } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import fontRegular from "@fontsource/be-vietnam-pro/400.css?url";
import fontBold from "@fontsource/be-vietnam-pro/600.css?url";
import { RouteErrorBoundary } from "./components/error-page";
import { ROLE_HOME } from "./components/navigation";
import { useNonce } from "./components/nonce";
import appCss from "./styles/app.css?url";
import { unreadCount } from "./modules/notifications/notifications.server";
import { cartCount } from "./modules/orders/cart.server";
import { getOptionalUser } from "./utils/auth.server";
import { DEFAULT_LOCALE, sharedI18n, type Locale } from "./utils/i18n";
import { getLocale } from "./utils/locale.server";
import { takeFlash } from "./utils/session.server";
import { skipAutosaveRevalidation } from "~/components/autosave";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: fontRegular },
  { rel: "stylesheet", href: fontBold },
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const locale = await getLocale(request, user?.locale);
  const [{ flash, setCookie }, unread, cart] = await Promise.all([
    takeFlash(request),
    user ? unreadCount(user.id) : 0,
    cartCount(request, user?.id ?? null),
  ]);
  return data(
    {
      user: user ? { name: user.name, role: user.role, unread } : null,
      cart,
      locale,
      flash,
    },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

function useI18n(locale: Locale) {
  return useMemo(() => sharedI18n(locale), [locale]);
}

/**
 * Buyers' pages (product, trace…) declare `handle = { hydrate: false }`: they are sent as plain
 * HTML with no script at all, so neither the JavaScript nor the root's data (the whole translation
 * bundle) is downloaded on a cheap phone. Their links and forms work without JavaScript.
 */
function useHydrate(): boolean {
  return !useMatches().some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const locale = root?.locale ?? DEFAULT_LOCALE;
  const i18n = useI18n(locale);
  const nonce = useNonce();
  const hydrate = useHydrate();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1f6f43" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <Shell user={root?.user ?? null} cart={root?.cart ?? 0} locale={locale}>
            {root?.flash ? (
              <p className={`flash flash-${root.flash.kind}`} role="status">
                {root.flash.message}
              </p>
            ) : null}
            {children}
          </Shell>
        </I18nextProvider>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

function Shell({
  user,
  cart,
  locale,
  children,
}: {
  user: RootData["user"];
  cart: number;
  locale: Locale;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = location.pathname + withoutLang(location.search);
  // Client-side navigation keeps the page, so close the phone menu once a link is followed.
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => menu.current?.removeAttribute("open"), [location.key]);
  return (
    <>
      <a className="skip" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ★
          </span>
          {t("app.name")}
        </Link>
        <Link to="/gio-hang" className="cart-link">
          {cart > 0 ? t("cart.linkCount", { count: cart }) : t("cart.link")}
        </Link>
        {user ? <InboxLink unread={user.unread} /> : null}
        <nav aria-label={t("nav.menu")} className="nav-desktop">
          <NavList user={user} locale={locale} here={here} />
        </nav>
        {/* On phones the menu is a <details>: it opens and closes without JavaScript. */}
        <details className="menu" ref={menu}>
          <summary>{t("nav.menu")}</summary>
          <nav aria-label={t("nav.menu")}>
            <NavList user={user} locale={locale} here={here} />
          </nav>
        </details>
      </header>
      <main id="main">{children}</main>
      <footer className="site-footer">
        <p>{t("app.tagline")}</p>
      </footer>
    </>
  );
}

/** The query without `?lang=` (kept, it would override the language the visitor switches to). */
function withoutLang(search: string): string {
  const params = new URLSearchParams(search);
  if (!params.has("lang")) return search;
  params.delete("lang");
  const rest = params.toString();
  return rest ? `?${rest}` : "";
}

/** Always in the header (not inside the phone menu): the unread count must be seen without a tap. */
function InboxLink({ unread }: { unread: number }) {
  const { t } = useTranslation();
  const label = t("notifications.badgeLabel");
  return (
    <Link
      to="/notifications"
      className="inbox-link"
      aria-label={unread > 0 ? `${label}: ${t("notifications.unreadCount", { count: unread })}` : label}
    >
      {label}
      {unread > 0 ? (
        <span className="inbox-badge" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}

function NavList({ user, locale, here }: { user: RootData["user"]; locale: Locale; here: string }) {
  const { t } = useTranslation();
  const work = user ? ROLE_HOME[user.role] : null;
  return (
    <ul>
      <li>
        <Link to="/">{t("nav.home")}</Link>
      </li>
      {work ? (
        <li>
          <Link to={work.to}>{t(work.label)}</Link>
        </li>
      ) : null}
      {user ? (
        <>
          <li>
            <Link to="/account">{t("nav.account")}</Link>
          </li>
          <li>
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          </li>
        </>
      ) : (
        <>
          <li>
            <Link to={`/login?${new URLSearchParams({ redirectTo: here })}`}>{t("nav.login")}</Link>
          </li>
          <li>
            <Link to="/signup">{t("nav.signup")}</Link>
          </li>
        </>
      )}
      <li>
        <Form method="post" action="/language">
          <input type="hidden" name="redirectTo" value={here} />
          <button
            type="submit"
            name="locale"
            value={locale === "vi" ? "en" : "vi"}
            className="link-button"
            lang={locale === "vi" ? "en" : "vi"}
          >
            {locale === "vi" ? "English" : "Tiếng Việt"}
          </button>
        </Form>
      </li>
    </ul>
  );
}

export default function App() {
  return <Outlet />;
}

export const ErrorBoundary = RouteErrorBoundary;

export const shouldRevalidate = skipAutosaveRevalidation;
