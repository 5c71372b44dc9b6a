import type { Widen } from "../widen";
import type { membersVi } from "./members.vi";

export const membersEn: Widen<typeof membersVi> = {
  title: "Members",
  lead: "The accounts that manage this business. Owners add and remove members.",
  owner: "Owner",
  staff: "Staff",
  since: "since {{date}}",
  addTitle: "Add a member",
  addLead: "The person needs an existing “Producer” account on the OCOP Portal.",
  identifier: "Phone number or email of the account",
  asOwner: "Also an owner (may manage members)",
  add: "Add",
  remove: "Remove from the business",
  added: "Member added.",
  removed: "Member removed.",
  errors: {
    notOwner: "Only owners add or remove members.",
    noAccount: "No account has this phone number or email.",
    notProducer: "This account is not a “Producer” account.",
    already: "This person is already a member.",
    lastOwner: "The last owner cannot be removed.",
    notMember: "This person is no longer a member.",
  },
};
