// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadcolumn.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <utility>

/*!
    "One row per person": merges consecutive result rows of the same person into one, for the
    export (issue 13 item 5). Memory holds one person at a time, so an export of any size stays
    flat; the rows must come ordered by person, newest first (PersonMerger::orderBy()).

    The merge rules:
    - A person is the normalised LinkedIn identifier (leads.linkedin_identifier, which the
      store writes trimmed and lower-cased, from the URL's slug when none was sent; the same
      key as the profile pane's "same person in other campaigns"), never SendPilot's lead id.
      Leads without an identifier are never merged: each stays a row of its own.
    - Newest is the lead of the campaign received last (campaigns.received_at: always set, on
      this machine's clock; SendPilot's completed_at may be missing), then the higher campaign
      row id, then the higher lead row id: a total order, so the result is deterministic. It is
      the order of the profile pane's campaign list.
    - Each lead field is the newest non-empty value: the newest lead's, or when that is empty
      (text '', a list '[]', a number unknown), the next newer lead's that has one. An email
      or phone found by an older enrichment is not lost because a newer extraction lacks it;
      a value the newest lead has always wins.
    - Campaign fields other than the name (campaign id, received at) are the newest lead's
      campaign's, never mixed from other campaigns.
    - The campaign name becomes every campaign of the person, newest first, each once, joined
      by "; " (CampaignSeparator), which CRM imports split or keep as one text field. A name
      is listed once even when two campaigns bear it; an empty name is left out.
*/
class PersonMerger final
{
public:
    static constexpr QByteArrayView CampaignSeparator = "; ";

    /// The merged row, read like a Sqlite::Statement (utf8, isNull, int64).
    class Row final
    {
    public:
        QByteArrayView utf8(int column) const { return m_cells.at(column).text; }
        bool isNull(int column) const { return m_cells.at(column).null; }
        qint64 int64(int column) const { return m_cells.at(column).number; }
        int leadCount() const { return m_leads; }

    private:
        friend class PersonMerger;
        struct Cell
        {
            QByteArray text;
            qint64 number = 0;
            bool null = true;
        };
        QList<Cell> m_cells;
        int m_leads = 0;
    };

    /*!
        \a columns are the result's first columns (the export's selected columns, which must
        include LeadColumn::CampaignName); the result has two more after them: the identity
        (l.linkedin_identifier) and the campaign row id (c.id), see extraExpressions().
    */
    explicit PersonMerger(const QList<LeadColumn::Id> &columns);

    /// The select expressions to append after the columns' own.
    static QStringList extraExpressions();
    /// The ORDER BY clause (without the keyword) that puts each person's leads together,
    /// newest first. Needs campaigns joined as c.
    static QString orderBy();

    /*!
        Feeds the next result row. Returns true when it belongs to another person than the
        rows before, so that the previous person is complete and ready() holds them.
    */
    template<class Statement>
    bool add(const Statement &row)
    {
        const QByteArrayView identity = row.utf8(m_identityIndex);
        const bool samePerson = m_current.m_leads > 0 && !identity.isEmpty()
            && identity == QByteArrayView(m_identity);
        if (samePerson) {
            fill(row);
            return false;
        }
        const bool completed = m_current.m_leads > 0;
        if (completed)
            std::swap(m_ready, m_current);
        start(row, identity);
        return completed;
    }
    /// Ends the input; true when a last person is ready().
    bool finish();
    const Row &ready() const { return m_ready; }

private:
    template<class Statement>
    void start(const Statement &row, QByteArrayView identity)
    {
        setBytes(m_identity, identity);
        m_current.m_leads = 1;
        for (int i = 0; i < m_types.size(); ++i) {
            if (i != m_campaignNameIndex)
                copy(row, i);
        }
        m_current.m_cells[m_campaignNameIndex].null = false;
        m_current.m_cells[m_campaignNameIndex].text.resize(0);
        m_nameSpans.clear();
        appendCampaignName(row.utf8(m_campaignNameIndex));
        m_lastCampaign = row.int64(m_campaignRowIndex);
    }
    template<class Statement>
    void fill(const Statement &row)
    {
        ++m_current.m_leads;
        for (int i = 0; i < m_types.size(); ++i) {
            if (m_mergeable.at(i) && isEmpty(m_current, i) && !isEmpty(row, i))
                copy(row, i);
        }
        // Rows of one campaign are adjacent (the order's second and third keys), so comparing
        // with the previous row lists each campaign once.
        const qint64 campaign = row.int64(m_campaignRowIndex);
        if (campaign != m_lastCampaign) {
            m_lastCampaign = campaign;
            appendCampaignName(row.utf8(m_campaignNameIndex));
        }
    }
    // Adds a campaign's name to the list unless it is empty or already there (two campaigns
    // of one name read as one in a CRM's text field).
    void appendCampaignName(QByteArrayView name)
    {
        if (name.isEmpty())
            return;
        QByteArray &names = m_current.m_cells[m_campaignNameIndex].text;
        for (const auto &[from, size] : std::as_const(m_nameSpans)) {
            if (QByteArrayView(names).sliced(from, size) == name)
                return;
        }
        if (!names.isEmpty())
            names.append(CampaignSeparator.data(), CampaignSeparator.size());
        m_nameSpans.append({names.size(), name.size()});
        names.append(name.data(), name.size());
    }
    template<class Statement>
    void copy(const Statement &row, int i)
    {
        // Each cell read as its type only: a text read of a number would convert it in place.
        Row::Cell &cell = m_current.m_cells[i];
        cell.null = row.isNull(i);
        switch (m_types.at(i)) {
        case LeadColumn::Type::Integer:
        case LeadColumn::Type::TimestampMs:
            cell.number = cell.null ? 0 : row.int64(i);
            cell.text.resize(0);
            break;
        default:
            cell.number = 0;
            setBytes(cell.text, row.utf8(i));
            break;
        }
    }
    // Keeps the buffer's capacity: no allocation per cell once the first people are read.
    static void setBytes(QByteArray &to, QByteArrayView from)
    {
        to.resize(0);
        to.append(from.data(), from.size());
    }
    template<class Statement>
    bool isEmpty(const Statement &row, int i) const
    {
        switch (m_types.at(i)) {
        case LeadColumn::Type::Integer:
        case LeadColumn::Type::TimestampMs:
            return row.isNull(i);
        case LeadColumn::Type::Text:
            return row.utf8(i).isEmpty();
        case LeadColumn::Type::ExperienceJson:
        case LeadColumn::Type::EducationJson:
        case LeadColumn::Type::StringListJson: {
            const QByteArrayView json = row.utf8(i);
            return json.isEmpty() || json == QByteArrayView("[]");
        }
        }
        return true;
    }

    QList<LeadColumn::Type> m_types;
    QList<bool> m_mergeable; // lead fields; campaign fields stay the newest lead's
    int m_campaignNameIndex = -1;
    int m_identityIndex = -1;
    int m_campaignRowIndex = -1;
    QByteArray m_identity;
    qint64 m_lastCampaign = 0;
    QList<std::pair<qsizetype, qsizetype>> m_nameSpans; // each listed name in the name cell
    Row m_current;
    Row m_ready;
};
