// SPDX-License-Identifier: MIT
#pragma once

#include "ingest/importer.h"
#include "store/eventstore.h"

#include <QString>
#include <QUrl>

/// The main window's sentences, composed apart from it so that each says what happened and
/// what the user can do about it, and can be read (and tested) on its own.
namespace WindowMessages {

/// "1 campaign · 1,954 leads · 3 events".
QString storeCounts(const StoreCounts &counts);

/// The status bar's line when the database did not open: what failed, and where to fix it.
QString storeNotOpen();

/// The campaign list's empty state. Without a database it gives the store's own sentence
/// (which names the file and what is wrong with it) and where to choose another file; it
/// blames the database, not the endpoint: nothing can show until a file opens.
/// With \a publicUrl (the webhook URL behind the user's tunnel) it names that one.
QString campaignsEmpty(bool storeOpen, bool listening, const QUrl &url,
                       const QString &storeError = {}, const QUrl &publicUrl = {});

/// What an import tells the user: a status-bar line and, when something failed, the text of
/// a warning (empty when nothing failed).
struct ImportMessage
{
    QString status;
    QString warningTitle;
    QString warningText;
};
ImportMessage importReport(const Importer::Report &report);

} // namespace WindowMessages
