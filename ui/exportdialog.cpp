// SPDX-License-Identifier: MIT
#include "exportdialog.h"

#include "common/settings.h"
#include "export/exportpreflight.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QMetaEnum>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <array>

using namespace Qt::StringLiterals;

namespace {
constexpr int PreflightDelayMs = 100;
constexpr std::array AllScopes
    = {ExportDialog::Scope::SelectedLeads, ExportDialog::Scope::FilteredLeads,
       ExportDialog::Scope::SelectedCampaigns, ExportDialog::Scope::Everything};
} // namespace

ExportDialog::ExportDialog(const Context &context, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_scopes(new QButtonGroup(this))
    , m_preset(new QComboBox(this))
    , m_format(new QComboBox(this))
    , m_delimiter(new QComboBox(this))
    , m_bom(new QCheckBox(tr("Byte order &mark (Excel reads UTF-8 correctly)"), this))
    , m_guard(new QCheckBox(tr("&Formula guard: prefix cells starting with = + - @ with '"), this))
    , m_mark(new QCheckBox(tr("Mar&k these leads as exported"), this))
    , m_onePerPerson(new QCheckBox(tr("One row per &person"), this))
    , m_file(new QLineEdit(this))
    , m_warnings(new QLabel(this))
    , m_hint(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_preflightTimer(new QTimer(this))
{
    setWindowTitle(tr("Export Leads"));
    if (m_context.db.isOpen() && !m_context.db.databaseName().isEmpty()) {
        m_preflight = new ExportPreflight(m_context.db.databaseName(), this);
        connect(m_preflight, &ExportPreflight::countsReady, this, &ExportDialog::onCountsReady);
        connect(m_preflight, &ExportPreflight::checked, this, &ExportDialog::onChecked);
    }

    auto *scopeBox = new QGroupBox(tr("Leads"), this);
    auto *scopeLayout = new QVBoxLayout(scopeBox);
    for (Scope scope : AllScopes) {
        auto *radio = new QRadioButton(scopeBox);
        m_scopes->addButton(radio, int(scope));
        scopeLayout->addWidget(radio);
    }
    // Known without reading: the selection's size, the table's count, and no campaign
    // selected. The others are counted on the worker.
    QHash<int, LeadFilter> toCount;
    for (Scope scope : AllScopes) {
        qint64 count = -1;
        if (scope == Scope::SelectedLeads && knownSelectionCount() >= 0)
            count = knownSelectionCount();
        else if (scope == Scope::FilteredLeads && m_context.shownLeads >= 0)
            count = m_context.shownLeads;
        else if (scope == Scope::SelectedCampaigns && m_context.selectedCampaigns.isEmpty())
            count = 0;
        else if (m_preflight)
            toCount.insert(int(scope), filterFor(scope));
        m_counts.insert(int(scope), count);
    }
    if (!toCount.isEmpty()) {
        m_countsPending = true;
        m_preflight->count(toCount);
    }
    updateCounts();

    m_preset->setObjectName(u"exportPreset"_s);
    m_preset->addItem(
        tr("Visible columns, in view order (%n)", nullptr, int(m_context.visibleColumns.size())),
        int(ExportPreset::Id::Custom));
    m_preset->addItem(tr("All fields"), int(ExportPreset::Id::All));
    m_preset->addItem(tr("CRM import (SendPilot's field set)"), int(ExportPreset::Id::Crm));
    m_preset->addItem(tr("HubSpot contacts"), int(ExportPreset::Id::HubSpot));
    m_preset->addItem(tr("Salesforce leads"), int(ExportPreset::Id::Salesforce));
    m_preset->setToolTip(tr("The CRM presets use the column names each importer recognises, so "
                            "the import needs no manual mapping."));
    m_format->setObjectName(u"exportFormat"_s);
    m_format->addItem(tr("CSV (comma-separated text)"), int(ExportFormat::Csv));
    m_format->addItem(tr("Excel workbook (.xlsx)"), int(ExportFormat::Xlsx));
    m_format->setToolTip(tr("An Excel workbook keeps phone numbers and IDs as text, dates as "
                            "dates and LinkedIn addresses as links, with a frozen header row "
                            "and filters. CSV suits CRM importers and other programs."));
    m_delimiter->addItem(tr("Comma (,)"), u","_s);
    m_delimiter->addItem(tr("Semicolon (;) for spreadsheets with a decimal comma"), u";"_s);
    m_bom->setChecked(true);
    m_guard->setObjectName(u"formulaGuard"_s);
    m_guard->setChecked(true);
    m_guard->setToolTip(tr("Stops a spreadsheet from running a lead's text as a formula "
                           "(CSV injection). Leave it on unless the file feeds a program."));

    m_mark->setObjectName(u"markExported"_s);
    m_mark->setToolTip(tr("The “Not yet exported” filter then leaves these people out, so the "
                          "next CRM import gets only new people. Every export is listed in "
                          "File › Export History either way."));
    m_mark->setChecked(!m_context.settings || m_context.settings->value(Setting::ExportMarkLeads));
    m_onePerPerson->setObjectName(u"onePerPerson"_s);
    m_onePerPerson->setToolTip(
        tr("A person found in several campaigns (the same LinkedIn profile) becomes one row: "
           "the newest profile data, an email or phone only an older campaign found kept, and "
           "every campaign in the Campaign column. Rows then come in LinkedIn identity order, "
           "not the table's. A CRM import gets no duplicates."));

    m_file->setObjectName(u"exportFile"_s);
    m_file->setText(m_context.defaultFilePath);
    auto *browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, &ExportDialog::browse);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);

    auto *form = new QFormLayout;
    // What the rows are first (for any format), then the format and its CSV-only options.
    form->addRow(tr("&Columns:"), m_preset);
    form->addRow(QString(), m_onePerPerson);
    form->addRow(tr("F&ormat:"), m_format);
    form->addRow(tr("&Delimiter:"), m_delimiter);
    form->addRow(QString(), m_bom);
    form->addRow(QString(), m_guard);
    // The field is a row of two widgets: the label needs its buddy set by hand, or it shows
    // the ampersand instead of underlining the shortcut.
    auto *fileLabel = new QLabel(tr("F&ile:"), this);
    fileLabel->setBuddy(m_file);
    form->addRow(fileLabel, fileRow);
    form->addRow(QString(), m_mark);

    m_warnings->setObjectName(u"exportWarnings"_s);
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::RichText);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    const auto updateHint = [this] {
        const QString order = m_onePerPerson->isChecked()
            ? tr("One row per person, in LinkedIn identity order.")
            : tr("Rows are written in the table's order.");
        m_hint->setText(order + u' '
                        + tr("The file appears only when the export is complete: a cancelled "
                             "export leaves no partial file."));
    };
    updateHint();
    connect(m_onePerPerson, &QCheckBox::toggled, this, updateHint);

    QPushButton *exportButton = m_buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    exportButton->setObjectName(u"exportButton"_s);
    exportButton->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scopeBox);
    layout->addLayout(form);
    layout->addWidget(m_warnings);
    layout->addWidget(m_hint);
    layout->addWidget(m_buttons);

    m_preflightTimer->setSingleShot(true);
    m_preflightTimer->setInterval(PreflightDelayMs);
    connect(m_preflightTimer, &QTimer::timeout, this,
            [this] { m_checkGeneration = m_preflight->check(request()); });
    connect(m_scopes, &QButtonGroup::idToggled, this, [this](int, bool checked) {
        if (checked)
            schedulePreflight();
    });
    connect(m_scopes, &QButtonGroup::idClicked, this, [this] { m_scopeTentative = false; });
    connect(m_preset, &QComboBox::currentIndexChanged, this, &ExportDialog::schedulePreflight);
    connect(m_guard, &QCheckBox::toggled, this, &ExportDialog::schedulePreflight);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);

    if (m_context.settings) {
        const std::optional<ExportFormat> last
            = ExportFormats::fromName(m_context.settings->value(Setting::ExportFileFormat));
        setFormat(last.value_or(ExportFormat::Csv));
        m_onePerPerson->setChecked(m_context.settings->value(Setting::ExportOnePerPerson));
    }
    const Scope opening = initialScope();
    if (QAbstractButton *button = m_scopes->button(int(opening)))
        button->setChecked(true);
    m_scopeTentative = rowCount(opening) < 0 && opening != Scope::FilteredLeads;
    requestPreflight(true);
    resize(560, sizeHint().height());
}

ExportDialog::~ExportDialog() = default;

QString ExportDialog::proposedFilePath(const QString &savedDirectory, QDate date)
{
    QString directory = savedDirectory;
    if (directory.isEmpty() || !QDir(directory).exists())
        directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    // A fresh account (or a container) often has no Documents folder: the home folder exists.
    if (directory.isEmpty() || !QDir(directory).exists())
        directory = QDir::homePath();
    return QDir(directory).filePath(u"leads-%1.csv"_s.arg(date.toString(Qt::ISODate)));
}

ExportDialog::Scope ExportDialog::initialScope() const
{
    if (m_context.selectedLeads.size() > 1 || m_context.selectionIsAllMatching)
        return Scope::SelectedLeads;
    if (m_context.settings) {
        bool ok = false;
        const QByteArray name = m_context.settings->value(Setting::ExportScope).toLatin1();
        const auto last = Scope(QMetaEnum::fromType<Scope>().keyToValue(name.constData(), &ok));
        // Not counted yet (-1) is given the benefit of the doubt; see m_scopeTentative.
        if (ok && last != Scope::SelectedLeads && rowCount(last) != 0)
            return last;
    }
    return Scope::FilteredLeads;
}

ExportDialog::Scope ExportDialog::scope() const
{
    return Scope(m_scopes->checkedId());
}

void ExportDialog::setScope(Scope scope)
{
    m_scopeTentative = false;
    if (QAbstractButton *button = m_scopes->button(int(scope)))
        button->setChecked(true);
}

ExportPreset::Id ExportDialog::presetId() const
{
    return ExportPreset::Id(m_preset->currentData().toInt());
}

void ExportDialog::setPresetId(ExportPreset::Id id)
{
    m_preset->setCurrentIndex(m_preset->findData(int(id)));
}

ExportFormat ExportDialog::format() const
{
    return ExportFormat(m_format->currentData().toInt());
}

void ExportDialog::setFormat(ExportFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
    formatChanged(); // also when the index was already this one: the suffix may differ
}

void ExportDialog::formatChanged()
{
    const bool csv = format() == ExportFormat::Csv;
    // A workbook has typed cells: no delimiter, no byte order mark, nothing read as a formula.
    m_delimiter->setEnabled(csv);
    m_bom->setEnabled(csv);
    m_guard->setEnabled(csv);
    if (!filePath().isEmpty() && ExportFormats::fromFileName(filePath()) != format())
        m_file->setText(ExportFormats::withSuffix(filePath(), format()));
    schedulePreflight();
}

void ExportDialog::setDelimiter(char delimiter)
{
    m_delimiter->setCurrentIndex(m_delimiter->findData(QString(QLatin1Char(delimiter))));
}

void ExportDialog::setFilePath(const QString &path)
{
    m_file->setText(path);
}

QString ExportDialog::filePath() const
{
    return m_file->text().trimmed();
}

bool ExportDialog::onePerPerson() const
{
    return m_onePerPerson->isChecked();
}

void ExportDialog::setOnePerPerson(bool on)
{
    m_onePerPerson->setChecked(on);
}

qint64 ExportDialog::rowCount(Scope scope) const
{
    return m_counts.value(int(scope), -1);
}

QStringList ExportDialog::warnings() const
{
    return m_warningTexts;
}

qint64 ExportDialog::knownSelectionCount() const
{
    if (!m_context.selectionIsAllMatching)
        return m_context.selectedLeads.size();
    return m_context.shownLeads; // the table's count, or -1 while it loads
}

LeadFilter ExportDialog::filterFor(Scope scope) const
{
    LeadFilter filter;
    filter.sortColumn = m_context.viewFilter.sortColumn;
    filter.sortOrder = m_context.viewFilter.sortOrder;
    filter.collationLocale = m_context.viewFilter.collationLocale;
    switch (scope) {
    case Scope::SelectedLeads:
        if (m_context.selectionIsAllMatching)
            filter = m_context.viewFilter; // the filter itself, not a million row ids
        else
            filter.setSelection(m_context.selectedLeads);
        break;
    case Scope::FilteredLeads:
        filter = m_context.viewFilter;
        break;
    case Scope::SelectedCampaigns:
        filter.campaignRowIds = m_context.selectedCampaigns;
        break;
    case Scope::Everything:
        break;
    }
    return filter;
}

LeadExporter::Request ExportDialog::request() const
{
    LeadExporter::Request request;
    const ExportPreset::Id id = presetId();
    request.preset = id == ExportPreset::Id::Custom ? ExportPreset::custom(m_context.visibleColumns)
                                                    : ExportPreset::preset(id);
    request.filter = filterFor(scope());
    const QString delimiter = m_delimiter->currentData().toString();
    request.csv.delimiter = delimiter.isEmpty() ? ',' : char(delimiter.at(0).toLatin1());
    request.csv.byteOrderMark = m_bom->isChecked();
    request.csv.formulaGuard = m_guard->isChecked();
    request.format = format();
    request.collectLeadRowIds = markExported();
    request.onePerPerson = m_onePerPerson->isChecked();
    // The table's "One row per person" shows each person's newest lead (and selects them):
    // the people are those rows, and merging reads all of their leads, so an older
    // campaign's email still reaches the row.
    const Scope chosen = scope();
    if (request.onePerPerson && m_context.viewFilter.onePerPerson
        && (chosen == Scope::FilteredLeads || chosen == Scope::SelectedLeads))
        request.filter.peopleOfMatches = true;
    return request;
}

bool ExportDialog::markExported() const
{
    return m_mark->isChecked();
}

void ExportDialog::setMarkExported(bool mark)
{
    m_mark->setChecked(mark);
}

ExportRecord ExportDialog::record() const
{
    // Stored in English like the command line's, so the history reads the same whatever the
    // language of the session that wrote it; the filters are the user's words.
    ExportRecord record;
    QString filters;
    switch (scope()) {
    case Scope::SelectedLeads:
        record.scope = m_context.selectionIsAllMatching ? u"all matching"_s : u"selection"_s;
        if (m_context.selectionIsAllMatching)
            filters = m_context.filterSummary;
        break;
    case Scope::FilteredLeads:
        record.scope = u"shown leads"_s;
        filters = m_context.filterSummary;
        break;
    case Scope::SelectedCampaigns:
        record.scope = u"campaign"_s;
        filters = tr("%n campaign(s)", nullptr, int(m_context.selectedCampaigns.size()));
        break;
    case Scope::Everything:
        record.scope = u"everything"_s;
        break;
    }
    record.filterSummary = filters;
    record.preset = ExportPreset::name(presetId());
    record.format = ExportFormats::name(format());
    record.filePath = QFileInfo(filePath()).absoluteFilePath();
    record.marked = markExported();
    return record;
}

void ExportDialog::updateCounts()
{
    const QLocale locale;
    for (Scope scope : AllScopes) {
        const qint64 count = rowCount(scope);
        const QString n = count >= 0 ? locale.toString(count)
            : m_countsPending        ? tr("counting…")
                                     : tr("?");
        QString text;
        switch (scope) {
        case Scope::SelectedLeads:
            text = tr("&Selected leads (%1)").arg(n);
            break;
        case Scope::FilteredLeads:
            text = tr("Leads &shown in the table: search, filters and campaigns (%1)").arg(n);
            break;
        case Scope::SelectedCampaigns:
            text = tr("All leads of the selected &campaigns (%1)").arg(n);
            break;
        case Scope::Everything:
            text = tr("E&very lead (%1)").arg(n);
            break;
        }
        QAbstractButton *button = m_scopes->button(int(scope));
        button->setText(text);
        button->setEnabled(count != 0);
    }
}

void ExportDialog::onCountsReady(quint64, const QHash<int, qint64> &counts, const QString &error)
{
    // Counts are asked once: any answer is the one wanted.
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        m_counts.insert(it.key(), it.value());
    m_countsPending = false;
    updateCounts();
    if (m_scopeTentative && rowCount(scope()) == 0) {
        // The remembered scope holds nothing today: open on the table's leads instead.
        if (QAbstractButton *button = m_scopes->button(int(Scope::FilteredLeads)))
            button->setChecked(true);
    }
    m_scopeTentative = false;
    if (!error.isEmpty() && !m_checkPending)
        showWarnings(m_warningTexts + QStringList {error});
    Q_EMIT countsShown();
}

void ExportDialog::schedulePreflight()
{
    requestPreflight(false);
}

void ExportDialog::requestPreflight(bool immediately)
{
    // Whatever is on its way answers the previous choice.
    m_checkGeneration = 0;
    m_preflightTimer->stop();
    if (!m_preflight || !LeadExporter::hasPreflightChecks(request())) {
        // Nothing to read: answered here.
        m_checkPending = false;
        showWarnings({});
        Q_EMIT warningsShown();
        return;
    }
    m_checkPending = true;
    m_warningTexts.clear();
    m_warnings->setText(tr("Checking the leads for this preset… You can export meanwhile: "
                           "the check only warns."));
    if (immediately)
        m_checkGeneration = m_preflight->check(request());
    else
        // A short pause first, so that stepping through the presets with the arrow keys does
        // not start (and interrupt) one scan per step.
        m_preflightTimer->start();
}

void ExportDialog::onChecked(quint64 generation, const QList<ExportWarning> &warnings,
                             const QString &error)
{
    if (generation != m_checkGeneration)
        return; // for a scope or preset no longer chosen
    m_checkPending = false;
    QStringList texts;
    for (const ExportWarning &warning : warnings)
        texts << warning.text;
    if (!error.isEmpty())
        texts << error;
    showWarnings(texts);
    Q_EMIT warningsShown();
}

void ExportDialog::showWarnings(const QStringList &texts)
{
    m_warningTexts = texts;
    if (m_warningTexts.isEmpty()) {
        m_warnings->setText(tr("No problems found for this preset."));
    } else {
        QString html = u"<b>"_s + tr("Before you export:").toHtmlEscaped() + u"</b><ul>"_s;
        for (const QString &text : std::as_const(m_warningTexts))
            html += u"<li>"_s + text.toHtmlEscaped() + u"</li>"_s;
        m_warnings->setText(html + u"</ul>"_s);
    }
}

void ExportDialog::browse()
{
    const QString filter = format() == ExportFormat::Xlsx
        ? tr("Excel workbooks (*.xlsx);;All files (*)")
        : tr("CSV files (*.csv);;All files (*)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Leads"), filePath(), filter);
    if (path.isEmpty())
        return;
    // A name typed without a suffix gets the format's; one with another suffix is the user's
    // choice of name, kept.
    m_file->setText(QFileInfo(path).suffix().isEmpty() ? ExportFormats::withSuffix(path, format())
                                                       : path);
}

void ExportDialog::accept()
{
    const QString path = filePath();
    if (path.isEmpty()) {
        m_warnings->setText(tr("Choose a file to write."));
        m_file->setFocus();
        return;
    }
    const QFileInfo info(path);
    // A folder that is not there yet is made, as the proposed Documents folder may be missing.
    if (!info.absoluteDir().exists() && !QDir().mkpath(info.absolutePath())) {
        m_warnings->setText(tr("The folder %1 does not exist and could not be created. Choose "
                               "another folder with Browse….")
                                .arg(QDir::toNativeSeparators(info.absolutePath()))
                                .toHtmlEscaped());
        return;
    }
    if (rowCount(scope()) == 0) {
        m_warnings->setText(tr("There are no leads in this scope."));
        return;
    }
    if (info.exists()
        && QMessageBox::question(this, tr("Export Leads"),
                                 tr("%1 exists. Replace it?").arg(QDir::toNativeSeparators(path)))
            != QMessageBox::Yes) {
        return;
    }
    if (m_context.settings) {
        m_context.settings->set(Setting::ExportMarkLeads, markExported());
        m_context.settings->set(
            Setting::ExportScope,
            QString::fromLatin1(QMetaEnum::fromType<Scope>().valueToKey(int(scope()))));
        m_context.settings->set(Setting::ExportFileFormat, ExportFormats::name(format()));
        m_context.settings->set(Setting::ExportOnePerPerson, m_onePerPerson->isChecked());
    }
    QDialog::accept();
}
