// SPDX-License-Identifier: MIT
#pragma once

#include "export/leadtabtext.h"
#include "query/leadcolumn.h"
#include "query/leadfilter.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>

class QLabel;
class QToolButton;

/*!
    The bar above the lead table while leads are selected: "N selected", "Select all M
    matching" (every lead the search and filters match, kept as the filter itself, so it
    costs nothing at a million leads) and "Clear selection". It also copies a selection given
    as a filter: the rows are read on a worker with their own connection, then put on the
    clipboard, and the bar says what was copied.
*/
class LeadSelectionBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LeadSelectionBar)

public:
    /// More rows than this are not put on the clipboard (the bar says to export them).
    static constexpr qint64 MaxCopyRows = 100000;

    explicit LeadSelectionBar(QWidget *parent = nullptr);
    ~LeadSelectionBar() override; // waits for a running copy

    /// \a allMatching: the selection is every matching lead.
    void setCounts(qint64 selected, qint64 matching, bool allMatching);
    /// Copies the leads of \a filter (its order) from the database at \a databasePath.
    void copy(const QString &databasePath, const LeadFilter &filter,
              const QList<LeadColumn::Id> &columns);
    bool isCopying() const { return m_copy.isRunning(); }

    QLabel *countLabel() const { return m_count; }
    QToolButton *selectAllMatchingButton() const { return m_selectAll; }
    QToolButton *clearButton() const { return m_clear; }
    QLabel *noteLabel() const { return m_note; }

Q_SIGNALS:
    void selectAllMatchingRequested();
    void clearRequested();
    /// After a copy put its text on the clipboard (or said why not).
    void copyFinished(qint64 rows, bool copied);

private:
    void onCopied();

    QLabel *m_count;
    QToolButton *m_selectAll;
    QToolButton *m_clear;
    QLabel *m_note;
    QFutureWatcher<LeadTabText::Result> m_copy;
    std::atomic<bool> m_cancel = false;
};
