import type { Widen } from "../widen";
import type { notificationsVi } from "./notifications.vi";

export const notificationsEn: Widen<typeof notificationsVi> = {
  title: "Notifications",
  lead: "News about the product dossiers and certificates that concern you. If your account has an email address, you also get them by mail.",
  empty: "No notifications yet.",
  unread: "Unread",
  open: "Open",
  markRead: "Mark read",
  markAllRead: "Mark all as read",
  allRead: "All notifications are marked as read.",
  next: "Older notifications",
  first: "Back to the newest",
  unreadCount_one: "{{count}} unread notification",
  unreadCount_other: "{{count}} unread notifications",
  badgeLabel: "Notifications",
  errors: {
    notFound: "This notification was not found.",
    badPage: "This page link is not valid. Start again from the newest notifications.",
  },
  reasonText: "Reason: {{reason}}",
  ofProduct: " for the product “{{product}}”",
  causes: {
    CERTIFICATE_EXPIRED: "because its certificate has expired",
    CERTIFICATE_REVOKED: "because its certificate was revoked",
    OFFICIAL: "by decision of the provincial Department of Industry and Trade",
  },
  kinds: {
    productSubmitted: {
      title: "New dossier to review: {{product}}",
      body: "The product “{{product}}” has been submitted for review and is waiting for an official of the Department of Industry and Trade to take it up.",
    },
    productAssigned: {
      title: "A dossier was assigned to you: {{product}}",
      body: "The dossier of the product “{{product}}” has been assigned to you and is waiting for your review and decision.",
    },
    productApproved: {
      title: "Product approved: {{product}}",
      body: "Congratulations! The Department of Industry and Trade approved the product “{{product}}”. It is now listed on the OCOP portal.",
    },
    productChangesRequested: {
      title: "Changes requested: {{product}}",
      body: "The Department of Industry and Trade asks for changes to the dossier of the product “{{product}}”. {{reasonText}} Read the comments next to each field, make the changes and submit it again.",
    },
    productRejected: {
      title: "Dossier not approved: {{product}}",
      body: "We are sorry: the Department of Industry and Trade did not approve the dossier of the product “{{product}}”. {{reasonText}}",
    },
    productSuspended: {
      title: "Product suspended: {{product}}",
      body: "The product “{{product}}” is no longer listed on the OCOP portal {{causeText}}. {{reasonText}}",
    },
    productReinstated: {
      title: "Product listed again: {{product}}",
      body: "The Department of Industry and Trade reviewed the product “{{product}}” again; it is listed on the OCOP portal once more.",
    },
    certificateExpiring: {
      title: "Certificate expiring soon: {{kindLabel}} no. {{number}}",
      body_one:
        "The {{kindLabel}} certificate no. {{number}}{{ofProduct}} expires on {{date}} ({{count}} day left). Renew it and upload the new certificate so that the product stays listed.",
      body_other:
        "The {{kindLabel}} certificate no. {{number}}{{ofProduct}} expires on {{date}} ({{count}} days left). Renew it and upload the new certificate so that the product stays listed.",
    },
    certificateExpired: {
      title: "Certificate expired: {{kindLabel}} no. {{number}}",
      body: "The {{kindLabel}} certificate no. {{number}}{{ofProduct}} expired on {{date}}. Upload a valid certificate and submit the product again to have it listed.",
    },
    certificateRevoked: {
      title: "Certificate revoked: {{kindLabel}} no. {{number}}",
      body: "The {{kindLabel}} certificate no. {{number}}{{ofProduct}} has been revoked. {{reasonText}}",
    },
  },
};
