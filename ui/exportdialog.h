// SPDX-License-Identifier: MIT
#pragma once

#include "export/exporthistory.h"
#include "export/leadexporter.h"

#include <QDate>
#include <QDialog>
#include <QSqlDatabase>

class ExportPreflight;
class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QTimer;
class Settings;

/// Chooses what an export writes: which leads (scope), which columns (preset), the format (CSV
/// with its dialect, or an Excel workbook) and the file, whose suffix follows the format; shows
/// the preflight warnings with their counts before anything is written. Running the export is
/// the caller's (see ExportJob).
///
/// The scope counts and the preflight are read on a worker (ExportPreflight) with its own
/// read-only connection: the dialog opens at once and shows "Counting…" and "Checking…" until
/// they arrive; an answer for a scope or preset no longer chosen is dropped. Export stays
/// usable meanwhile: the counts and warnings inform the choice, they do not gate it, and the
/// export itself counts its rows again.
class ExportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)

public:
    enum class Scope { SelectedLeads, FilteredLeads, SelectedCampaigns, Everything };
    Q_ENUM(Scope)

    /// What the window shows when the dialog opens.
    struct Context
    {
        QSqlDatabase db; ///< the GUI thread's read-only connection, for counts and preflight
        LeadFilter viewFilter; ///< the lead table's filter and sort
        QList<qint64> selectedLeads; ///< in view order
        /// "Select all M matching": the selection is every lead viewFilter matches, not the
        /// rows in selectedLeads (left empty), so it scales to any count.
        bool selectionIsAllMatching = false;
        /// The rows the lead table shows (FilteredLeads), when it knows; else it is counted.
        qint64 shownLeads = -1;
        QList<qint64> selectedCampaigns;
        QList<LeadColumn::Id> visibleColumns; ///< in view order
        QString defaultFilePath;
        /// The lead table's active filters as shown ("Has email; Job position: founder"),
        /// for the export history.
        QString filterSummary;
        /// Where the last choice of scope and format is remembered (none in some tests).
        Settings *settings = nullptr;
    };

    explicit ExportDialog(const Context &context, QWidget *parent = nullptr);
    ~ExportDialog() override;

    /// leads-DATE.csv in \a savedDirectory when it exists, else in the Documents folder when
    /// that exists, else in the home folder: a folder that is there to write to.
    static QString proposedFilePath(const QString &savedDirectory, QDate date);
    /// The scope the dialog opens with: the selection when several leads are selected (one
    /// selected row is the lead being read, not a choice to export it alone), else the scope
    /// chosen last time when it holds leads, else the leads shown in the table.
    Scope initialScope() const;

    Scope scope() const;
    void setScope(Scope scope);
    /// Custom means the visible columns.
    ExportPreset::Id presetId() const;
    void setPresetId(ExportPreset::Id id);
    ExportFormat format() const;
    /// Also gives the file name the format's suffix.
    void setFormat(ExportFormat format);
    void setDelimiter(char delimiter);
    /// One row per person (LeadExporter::Request::onePerPerson).
    bool onePerPerson() const;
    void setOnePerPerson(bool on);
    void setFilePath(const QString &path);
    QString filePath() const;

    LeadExporter::Request request() const;
    /// "Mark these leads as exported": on by default, remembered.
    bool markExported() const;
    void setMarkExported(bool mark);
    /// What the export history keeps of this export (time and row count are the runner's).
    ExportRecord record() const;
    /// The rows the scope selects (-1 while counting, or when it could not be counted).
    qint64 rowCount(Scope scope) const;
    bool isCounting() const { return m_countsPending; }
    /// The warnings shown, one sentence each (none while checking).
    QStringList warnings() const;
    /// A preflight for the current scope and preset is on its way.
    bool isChecking() const { return m_checkPending; }

    void accept() override;

Q_SIGNALS:
    /// The scope counts arrived and are shown.
    void countsShown();
    /// The warnings for the current scope and preset are shown.
    void warningsShown();

private:
    LeadFilter filterFor(Scope scope) const;
    /// The selection's size when known without reading (-1: to be counted).
    qint64 knownSelectionCount() const;
    void updateCounts();
    void schedulePreflight();
    void requestPreflight(bool immediately);
    void onCountsReady(quint64 generation, const QHash<int, qint64> &counts, const QString &error);
    void onChecked(quint64 generation, const QList<ExportWarning> &warnings, const QString &error);
    void showWarnings(const QStringList &texts);
    void browse();
    void formatChanged();

    Context m_context;
    ExportPreflight *m_preflight = nullptr; ///< none without an open database
    QHash<int, qint64> m_counts; ///< by Scope
    bool m_countsPending = false;
    bool m_checkPending = false;
    quint64 m_checkGeneration = 0; ///< the preflight whose answer is wanted
    /// The opening scope came from the last choice while its count was unknown: it gives way
    /// to FilteredLeads if it turns out empty, unless the user chose a scope meanwhile.
    bool m_scopeTentative = false;
    QButtonGroup *m_scopes;
    QComboBox *m_preset;
    QComboBox *m_format;
    QComboBox *m_delimiter;
    QCheckBox *m_bom;
    QCheckBox *m_guard;
    QCheckBox *m_mark;
    QCheckBox *m_onePerPerson;
    QLineEdit *m_file;
    QLabel *m_warnings;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
    QTimer *m_preflightTimer;
    QStringList m_warningTexts;
};
