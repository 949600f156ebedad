// SPDX-License-Identifier: MIT
#pragma once

// The projector's writer inside: shared by campaignwriter.cpp (the writes) and
// campaignwriterstatements.cpp (the SQL of its prepared statements). Not for other files.

#include "store/campaignwriter.h"
#include "store/sqlitestatement.h"

#include <QStringEncoder>
#include <QStringList>

struct CampaignWriter::Private
{
    using Statement = Sqlite::Statement;
    sqlite3 *handle = nullptr;
    QString lastError;
    Statement upsertCampaign, findCampaign, rememberLead, rememberOldIndex, upsertLead,
        unindexChunk, indexChunk, forgetChunk, forgetOldIndex, updateCounts, writeActivity,
        upsertApiStatus, upsertApiResults, upsertApiLaunch, fillLead, campaignSources,
        findByIdentity, resultsRead, markPeople, setSearchFields, fillSearchFields;
    QStringList sliceKeys; // the keys of the slice being written, resolved once
    qint64 slice = 0; // numbers the slices of a chunk

    // Reused per lead so that building JSON does not allocate once capacity is reached.
    QString experience, education, skills;
    QByteArray utf8Buffer;
    QStringEncoder utf8 {QStringEncoder::Utf8};

    bool prepareAll();
    bool writeLead(qint64 campaign, const Lead &lead, const QString &key, bool fromApi,
                   QString *error);
    /// A search's own fields of \a lead (schema v12), after writeLead() wrote the row.
    bool writeSearchFields(qint64 campaign, const Lead &lead, const QString &key, bool fromApi,
                           QString *error);
    /// The key of \a lead in \a campaign: the row of the same person when \a matchPerson and
    /// the campaign has one, else leadKey().
    bool resolveKey(qint64 campaign, const Lead &lead, qsizetype index, bool matchPerson,
                    QString *key, QString *error);
};
