// SPDX-License-Identifier: MIT
#include "leadselectionbar.h"

#include "store/database.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

LeadSelectionBar::LeadSelectionBar(QWidget *parent)
    : QWidget(parent)
    , m_count(new QLabel(this))
    , m_selectAll(new QToolButton(this))
    , m_clear(new QToolButton(this))
    , m_note(new QLabel(this))
{
    setObjectName(u"leadSelectionBar"_s);
    m_count->setObjectName(u"selectionCount"_s);
    m_selectAll->setObjectName(u"selectAllMatching"_s);
    m_selectAll->setToolTip(tr("Select every lead the search and filters match, also the ones "
                               "not loaded in the table; export and copy then act on them all"));
    m_clear->setObjectName(u"clearSelection"_s);
    m_clear->setText(tr("Clear selection"));
    m_note->setObjectName(u"selectionNote"_s);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    for (QToolButton *button : {m_selectAll, m_clear}) {
        button->setAutoRaise(true);
        button->setFocusPolicy(Qt::StrongFocus);
    }
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_count);
    layout->addWidget(m_selectAll);
    layout->addWidget(m_clear);
    layout->addWidget(m_note, 1);
    connect(m_selectAll, &QToolButton::clicked, this,
            &LeadSelectionBar::selectAllMatchingRequested);
    connect(m_clear, &QToolButton::clicked, this, &LeadSelectionBar::clearRequested);
    connect(&m_copy, &QFutureWatcher<LeadTabText::Result>::finished, this,
            &LeadSelectionBar::onCopied);
    hide();
}

LeadSelectionBar::~LeadSelectionBar()
{
    m_cancel = true;
    m_copy.waitForFinished();
}

void LeadSelectionBar::setCounts(qint64 selected, qint64 matching, bool allMatching)
{
    const QLocale locale;
    setVisible(selected > 0);
    if (allMatching) {
        m_count->setText(
            matching == 1
                ? tr("The 1 matching lead is selected")
                : tr("All %1 matching leads are selected").arg(locale.toString(matching)));
    } else {
        m_count->setText(tr("%1 selected").arg(locale.toString(selected)));
    }
    m_selectAll->setText(tr("Select all %1 matching").arg(locale.toString(matching)));
    m_selectAll->setVisible(!allMatching && matching > selected);
}

void LeadSelectionBar::copy(const QString &databasePath, const LeadFilter &filter,
                            const QList<LeadColumn::Id> &columns)
{
    if (m_copy.isRunning()) {
        m_note->setText(tr("Still copying…"));
        return;
    }
    m_cancel = false;
    m_note->setText(tr("Copying…"));
    m_copy.setFuture(QtConcurrent::run([this, databasePath, filter, columns] {
        // Qt SQL connections belong to the thread that opens them: one of its own.
        static std::atomic<int> counter = 0;
        const QString name = u"lead-copy-%1"_s.arg(++counter);
        LeadTabText::Result result;
        {
            QString error;
            const QSqlDatabase db
                = Database::open(databasePath, name, Database::Access::ReadOnly, &error);
            if (db.isOpen())
                result = LeadTabText::build(db, filter, columns, MaxCopyRows, &m_cancel);
            else
                result.error = error;
        }
        Database::close(name);
        return result;
    }));
}

void LeadSelectionBar::onCopied()
{
    const LeadTabText::Result result = m_copy.result();
    const QLocale locale;
    if (!result.error.isEmpty()) {
        m_note->setText(tr("Could not copy: %1").arg(result.error));
        Q_EMIT copyFinished(0, false);
        return;
    }
    if (result.tooMany) {
        m_note->setText(tr("%1 leads are too many to copy (at most %2): export them instead "
                           "(File > Export Leads, Ctrl+E).")
                            .arg(locale.toString(result.rows), locale.toString(MaxCopyRows)));
        Q_EMIT copyFinished(result.rows, false);
        return;
    }
    QGuiApplication::clipboard()->setText(result.text);
    m_note->setText(result.rows == 1 ? tr("Copied 1 lead.")
                                     : tr("Copied %1 leads.").arg(locale.toString(result.rows)));
    Q_EMIT copyFinished(result.rows, true);
}
