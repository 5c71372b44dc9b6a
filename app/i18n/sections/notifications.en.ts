import type { Widen } from "../widen";
import type { notificationsVi } from "./notifications.vi";

export const notificationsEn: Widen<typeof notificationsVi> = {
  title: "Notifications",
  lead: "News about the orders, product dossiers and certificates that concern you. If your account has an email address, you also get them by mail.",
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
    orderNewPaid: {
      title: "New paid order: {{code}}",
      body: "Order {{code}} of {{total}} has been paid through VNPay. Confirm it, prepare the goods and ship them to the buyer.",
    },
    orderNewCod: {
      title: "New cash-on-delivery order: {{code}}",
      body: "You have a new order {{code}} of {{total}}; the buyer pays cash on delivery. Confirm it if you can deliver, or cancel it with a reason.",
    },
    orderNewTransfer: {
      title: "New order awaiting a bank transfer: {{code}}",
      body: "You have a new order {{code}} of {{total}}. The buyer will transfer the money to your bank account with the message {{code}}. When it arrives, press “Transfer received” on the order.",
    },
    orderCancelledProducer: {
      title: "Order cancelled: {{code}}",
      body: "Order {{code}} was cancelled; the units held for it are back in stock. {{reasonText}}",
    },
    orderRefundedProducer: {
      title: "Order refunded: {{code}}",
      body: "{{amount}} of order {{code}} was refunded to the buyer through VNPay.",
    },
    orderPlaced: {
      title: "Order received: {{code}}",
      body: "Thank you for ordering from {{producer}}. Your order {{code}} of {{total}} has been received. Open the order to follow it and to see how to pay.",
    },
    orderPaid: {
      title: "Order paid: {{code}}",
      body: "Order {{code}} of {{total}} has been paid. The producer will confirm it and prepare your goods.",
    },
    orderConfirmed: {
      title: "Order confirmed: {{code}}",
      body: "The producer has confirmed order {{code}} and is preparing your goods.",
    },
    orderShipped: {
      title: "Order on its way: {{code}}",
      body: "Order {{code}} has been handed to the carrier. See the shipping details on the order.",
    },
    orderDelivered: {
      title: "Order delivered: {{code}}",
      body: "Order {{code}} has been delivered. If you received everything, press “Complete the order” on the order.",
    },
    orderCancelled: {
      title: "Order cancelled: {{code}}",
      body: "Order {{code}} was cancelled. {{reasonText}} If you already transferred money for it, the producer will pay it back.",
    },
    orderExpired: {
      title: "Order not paid in time: {{code}}",
      body: "Order {{code}} expired because it was not paid in time; the goods held for you were released. You can order again on the OCOP portal.",
    },
    orderRefunded: {
      title: "Order refunded: {{code}}",
      body: "The OCOP portal refunded {{amount}} of order {{code}} through VNPay. The money reaches your account as fast as your bank processes it.",
    },
  },
};
