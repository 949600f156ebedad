// SPDX-License-Identifier: MIT
#pragma once

/*!
    The bits of leads.flags (schema v11): per-lead yes/no facts that the lead table filters on,
    kept with the lead so that a filter on any of them, alone or together with the others and
    the count ranges, is one scan of the small covering index leads_filters (id, flags,
    connections, followers) in id order, never of the wide leads table nor a lookup in another
    table per lead.

    Every bit is derived from data kept elsewhere, which stays the truth; whoever changes that
    data keeps the bit with it:
    - HasEmail, HasPhone: leads.email and leads.phone not empty (CampaignWriter, which alone
      writes them).
    - Exported: the lead's person is in lead_exports (ExportHistory sets it on every lead of a
      person it marks; CampaignWriter on a known person's new lead).
    The migration to v11 computes all of them for an existing store. A new bit takes the next
    free value, the same index serves it, and its migration fills it.
*/
namespace LeadFlags {

enum Flag : int {
    HasEmail = 1,
    HasPhone = 2,
    Exported = 4,
};

} // namespace LeadFlags
