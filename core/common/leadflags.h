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
    - Superseded (schema v13, before it leads.superseded of v9): a newer lead of the same person
      (normalised LinkedIn identity) exists, newer as PersonMerger orders them: the campaign
      received last, then the campaign and lead row ids. CampaignWriter keeps it for every
      projected chunk's people; one row per person shows the leads without it.
    The migrations to v11 and v13 compute them for an existing store. A new bit takes the next
    free value, the same index serves it, and its migration fills it.
*/
namespace LeadFlags {

enum Flag : int {
    HasEmail = 1,
    HasPhone = 2,
    Exported = 4,
    Superseded = 8,
};

} // namespace LeadFlags
