// SPDX-License-Identifier: MIT
// ExportDialog over a real store: the preflight warnings with their counts show before
// anything is written, they follow the preset and the scope, and Cancel (or "do not replace")
// writes nothing and leaves an existing file as it was.
#include "exportdialog.h"

#include "common/settings.h"
#include "export/exportpreflight.h"
#include "export/exportpreset.h"
#include "sendpilot/eventparser.h"
#include "sendpilot/sampleevents.h"
#include "store/database.h"
#include "store/eventstore.h"

#include "checks.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {
constexpr int Leads = 10;
// Which fixture leads lack what (by index in the event).
const QList<int> NoLastName {0, 1, 2};
const QList<int> NoCompany {0, 3};
const QList<int> NoEmail {5, 6, 7, 8};
const QByteArray Previous = "an earlier export\r\n";
} // namespace

class TestExportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void salesforceWarnsMissingLastNameAndCompany();
    void hubspotWarnsMissingEmail();
    void warningsFollowTheScope();
    void presetWithoutRequirementsHasNoWarnings();
    void cancelWritesNothing();
    void declinedReplaceKeepsExistingFile();
    void oneSelectedRowDoesNotNarrowTheScope();
    void eachScopeShowsItsCount();
    void lastScopeIsRemembered();
    void missingFolderIsCreated();
    void proposedFileIsInAFolderThatExists();
    void labelsShowTheirShortcuts();
    void countsArriveAfterOpening();
    void scopeChangeWhileCheckingShowsTheNewScope();
    void formatChoiceSetsSuffixAndOptions();
    void formatIsRemembered();
    void markCheckboxIsOnByDefaultAndRemembered();
    void recordSaysWhatWasExported_data();
    void recordSaysWhatWasExported();
    void onePerPersonIsOffByDefaultAndRemembered();
    void mergeReadsEveryLeadOfThePeopleShown();

private:
    ExportDialog::Context context(const QList<qint64> &selectedLeads = {}) const;
    QString warningsText(ExportDialog &dialog) const;
    QList<qint64> leadRowIds() const;

    QTemporaryDir m_dir;
    QSqlDatabase m_db;
};

void TestExportDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_db = Database::open(m_dir.filePath(u"leads.sqlite"_s), u"dialog"_s,
                          Database::Access::ReadWrite, &error);
    QVERIFY2(m_db.isOpen(), qPrintable(error));
    const QByteArray body = SampleEvents::extractorJob(u"evt_x"_s, u"camp_x"_s, Leads, 5);
    EventStore::Item item;
    item.event = *EventParser::parse(body).event;
    QList<Lead> &leads = item.event.extractorJob->leads;
    QCOMPARE(leads.size(), Leads);
    for (int i = 0; i < Leads; ++i) {
        Lead &lead = leads[i];
        lead.lastName = NoLastName.contains(i) ? QString() : u"Last%1"_s.arg(i);
        lead.company = NoCompany.contains(i) ? QString() : u"Company %1"_s.arg(i);
        lead.email = NoEmail.contains(i) ? QString() : u"lead%1@example.com"_s.arg(i);
        lead.phone = u"+1 555 0100"_s; // telephone-shaped: the formula guard leaves it
    }
    item.delivery.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    item.delivery.method = u"POST"_s;
    item.delivery.path = u"/webhooks/sendpilot"_s;
    item.delivery.status = 200;
    item.delivery.verdict = Verdict::Accepted;
    item.delivery.body = body;
    EventStore store(m_db);
    const QList<EventStore::ItemResult> results = store.ingest({item});
    QCOMPARE(results.constFirst().outcome, EventStore::Outcome::Stored);
}

void TestExportDialog::cleanupTestCase()
{
    m_db = {};
    Database::close(u"dialog"_s);
}

QList<qint64> TestExportDialog::leadRowIds() const
{
    // In the event's order, which is insertion (row id) order.
    QList<qint64> ids;
    QSqlQuery query(u"SELECT id FROM leads ORDER BY id"_s, m_db);
    while (query.next())
        ids << query.value(0).toLongLong();
    return ids;
}

ExportDialog::Context TestExportDialog::context(const QList<qint64> &selectedLeads) const
{
    ExportDialog::Context context;
    context.db = m_db;
    context.selectedLeads = selectedLeads;
    context.visibleColumns = {LeadColumn::FullName, LeadColumn::Company};
    context.defaultFilePath = m_dir.filePath(u"never-written.csv"_s);
    return context;
}

QString TestExportDialog::warningsText(ExportDialog &dialog) const
{
    return dialog.findChild<QLabel *>(u"exportWarnings"_s)->text();
}

void TestExportDialog::salesforceWarnsMissingLastNameAndCompany()
{
    ExportDialog dialog(context());
    dialog.show();
    QCOMPARE(dialog.scope(), ExportDialog::Scope::FilteredLeads);
    QTRY_COMPARE(dialog.rowCount(ExportDialog::Scope::FilteredLeads), Leads);
    dialog.setPresetId(ExportPreset::Id::Salesforce);
    // The preflight runs shortly after the change, before anything is written.
    QTRY_COMPARE(dialog.warnings().size(), 2);
    const QString lastName = u"3 leads have no last name; Salesforce rejects leads without "
                             u"Last Name."_s;
    const QString company = u"2 leads have no company; Salesforce rejects leads without "
                            u"Company."_s;
    QCOMPARE(dialog.warnings(), (QStringList {lastName, company}));
    QVERIFY2(warningsText(dialog).contains(lastName.toHtmlEscaped()),
             qPrintable(warningsText(dialog)));
    QVERIFY(warningsText(dialog).contains(company.toHtmlEscaped()));
    QVERIFY(dialog.findChild<QLabel *>(u"exportWarnings"_s)->isVisible());
    QVERIFY(!QFile::exists(dialog.filePath()));
}

void TestExportDialog::hubspotWarnsMissingEmail()
{
    ExportDialog dialog(context());
    dialog.show();
    dialog.setPresetId(ExportPreset::Id::HubSpot);
    QTRY_COMPARE(dialog.warnings().size(), 1);
    QVERIFY2(dialog.warnings().constFirst().startsWith(u"4 leads have no email; HubSpot"_s),
             qPrintable(dialog.warnings().constFirst()));
    QVERIFY(warningsText(dialog).contains(u"4 leads have no email"_s));
    QVERIFY(!QFile::exists(dialog.filePath()));
}

void TestExportDialog::warningsFollowTheScope()
{
    // Two selected leads: one without an email (index 5), one with (index 9).
    const QList<qint64> ids = leadRowIds();
    QCOMPARE(ids.size(), Leads);
    ExportDialog dialog(context({ids.at(5), ids.at(9)}));
    dialog.show();
    QCOMPARE(dialog.scope(), ExportDialog::Scope::SelectedLeads);
    QCOMPARE(dialog.rowCount(ExportDialog::Scope::SelectedLeads), 2);
    dialog.setPresetId(ExportPreset::Id::HubSpot);
    QTRY_COMPARE(dialog.warnings().size(), 1);
    QVERIFY2(dialog.warnings().constFirst().startsWith(u"1 lead has no email"_s),
             qPrintable(dialog.warnings().constFirst()));
    dialog.setScope(ExportDialog::Scope::Everything);
    QTRY_VERIFY(dialog.warnings().value(0).startsWith(u"4 leads have no email"_s));
}

void TestExportDialog::presetWithoutRequirementsHasNoWarnings()
{
    ExportDialog dialog(context());
    dialog.show();
    dialog.setPresetId(ExportPreset::Id::Salesforce);
    QTRY_VERIFY(!dialog.warnings().isEmpty());
    dialog.setPresetId(ExportPreset::Id::Custom); // name and company, no phone
    QTRY_VERIFY(dialog.warnings().isEmpty());
    QCOMPARE(warningsText(dialog), u"No problems found for this preset."_s);
}

void TestExportDialog::cancelWritesNothing()
{
    const QString absent = m_dir.filePath(u"cancelled.csv"_s);
    const QString existing = m_dir.filePath(u"existing-cancel.csv"_s);
    {
        QFile file(existing);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(Previous);
    }
    for (const QString &path : {absent, existing}) {
        ExportDialog dialog(context());
        dialog.setFilePath(path);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        buttons->button(QDialogButtonBox::Cancel)->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(!dialog.isVisible());
    }
    QVERIFY(!QFile::exists(absent));
    QFile file(existing);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), Previous);
}

void TestExportDialog::declinedReplaceKeepsExistingFile()
{
    const QString existing = m_dir.filePath(u"existing-replace.csv"_s);
    {
        QFile file(existing);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(Previous);
    }
    ExportDialog dialog(context());
    dialog.setFilePath(existing);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    bool asked = false;
    QTimer::singleShot(0, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        asked = box->text().contains(u"Replace it?"_s);
        box->button(QMessageBox::No)->click();
    });
    dialog.findChild<QPushButton *>(u"exportButton"_s)->click();
    QVERIFY(asked);
    QVERIFY(dialog.isVisible()); // still open, for another file name
    QCOMPARE(dialog.result(), 0);
    QFile file(existing);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), Previous);
}

// Clicking a row to read its profile selects it: that alone must not make the export one lead.
void TestExportDialog::oneSelectedRowDoesNotNarrowTheScope()
{
    const QList<qint64> ids = leadRowIds();
    {
        ExportDialog dialog(context({ids.at(3)}));
        QCOMPARE(dialog.scope(), ExportDialog::Scope::FilteredLeads);
        QCOMPARE(dialog.rowCount(ExportDialog::Scope::SelectedLeads), 1);
        QVERIFY(!dialog.request().filter.useSelection);
    }
    {
        ExportDialog dialog(context({ids.at(3), ids.at(4)}));
        QCOMPARE(dialog.scope(), ExportDialog::Scope::SelectedLeads);
        QVERIFY(dialog.request().filter.useSelection);
        QCOMPARE(dialog.request().filter.leadRowIds, (QList<qint64> {ids.at(3), ids.at(4)}));
    }
}

void TestExportDialog::eachScopeShowsItsCount()
{
    const QList<qint64> ids = leadRowIds();
    ExportDialog dialog(context({ids.at(0), ids.at(1)}));
    QTRY_VERIFY(!dialog.isCounting());
    const QList<QRadioButton *> radios = dialog.findChildren<QRadioButton *>();
    QCOMPARE(radios.size(), 4);
    const QStringList expected {u"(2)"_s, u"(10)"_s, u"(0)"_s, u"(10)"_s};
    for (int i = 0; i < radios.size(); ++i)
        QVERIFY2(radios.at(i)->text().endsWith(expected.at(i)), qPrintable(radios.at(i)->text()));
    QVERIFY(!radios.at(2)->isEnabled()); // no campaign selected: nothing to choose there
}

void TestExportDialog::lastScopeIsRemembered()
{
    Settings settings(m_dir.filePath(u"remember.ini"_s));
    ExportDialog::Context withSettings = context();
    withSettings.settings = &settings;
    withSettings.defaultFilePath = m_dir.filePath(u"remembered.csv"_s);
    {
        ExportDialog dialog(withSettings);
        QCOMPARE(dialog.scope(), ExportDialog::Scope::FilteredLeads);
        dialog.setScope(ExportDialog::Scope::Everything);
        dialog.show();
        dialog.findChild<QPushButton *>(u"exportButton"_s)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QCOMPARE(settings.value(Setting::ExportScope), u"Everything"_s);
    {
        ExportDialog dialog(withSettings);
        QCOMPARE(dialog.scope(), ExportDialog::Scope::Everything);
        dialog.setScope(ExportDialog::Scope::FilteredLeads);
        dialog.reject(); // a cancelled dialog chose nothing
    }
    QCOMPARE(settings.value(Setting::ExportScope), u"Everything"_s);
    // Several selected rows are a choice made now: they win over the remembered scope.
    const QList<qint64> ids = leadRowIds();
    withSettings.selectedLeads = {ids.at(1), ids.at(2)};
    QCOMPARE(ExportDialog(withSettings).scope(), ExportDialog::Scope::SelectedLeads);
    // A remembered scope that holds nothing now (no campaign selected) is not offered.
    settings.set(Setting::ExportScope, u"SelectedCampaigns"_s);
    withSettings.selectedLeads = {};
    QCOMPARE(ExportDialog(withSettings).scope(), ExportDialog::Scope::FilteredLeads);
}

void TestExportDialog::missingFolderIsCreated()
{
    const QString path = m_dir.filePath(u"not/there/yet/leads.csv"_s);
    QVERIFY(!QDir(QFileInfo(path).absolutePath()).exists());
    ExportDialog dialog(context());
    dialog.setFilePath(path);
    dialog.show();
    dialog.findChild<QPushButton *>(u"exportButton"_s)->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(QDir(QFileInfo(path).absolutePath()).exists());
    QVERIFY(!QFile::exists(path)); // the dialog only chooses; ExportJob writes
}

void TestExportDialog::proposedFileIsInAFolderThatExists()
{
    // A fresh home without a Documents folder, as in a new account or a container.
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QByteArray savedHome = qgetenv("HOME");
    const QByteArray savedConfig = qgetenv("XDG_CONFIG_HOME");
    qputenv("HOME", QFile::encodeName(home.path()));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath(u".config"_s)));
    const QDate date(2026, 12, 2);
    const QString missing = home.filePath(u"gone"_s);
    const QString inHome = ExportDialog::proposedFilePath(missing, date);
    QDir(home.path()).mkdir(u"Documents"_s);
    const QString inDocuments = ExportDialog::proposedFilePath(missing, date);
    const QString inSaved = ExportDialog::proposedFilePath(m_dir.path(), date);
    qputenv("HOME", savedHome);
    qputenv("XDG_CONFIG_HOME", savedConfig);

    QCOMPARE(inHome, QDir(home.path()).filePath(u"leads-2026-12-02.csv"_s));
    QCOMPARE(inDocuments, home.filePath(u"Documents/leads-2026-12-02.csv"_s));
    QCOMPARE(inSaved, m_dir.filePath(u"leads-2026-12-02.csv"_s));
}

// A label whose text has a shortcut must have a buddy, or it shows the ampersand ("F&ile:").
void TestExportDialog::labelsShowTheirShortcuts()
{
    ExportDialog dialog(context());
    dialog.show();
    int withShortcut = 0;
    for (const QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->textFormat() == Qt::RichText || !label->text().contains(u'&'))
            continue;
        ++withShortcut;
        QVERIFY2(label->buddy(), qPrintable(label->text()));
    }
    QVERIFY(withShortcut >= 3); // Columns, Delimiter, File
}

// The counts are read on a worker: the dialog opens saying so, with Export usable, and shows
// them when they arrive. The table's own count needs no reading.
void TestExportDialog::countsArriveAfterOpening()
{
    ExportDialog dialog(context());
    QSignalSpy shown(&dialog, &ExportDialog::countsShown);
    dialog.show();
    QVERIFY(dialog.isCounting());
    const QList<QRadioButton *> radios = dialog.findChildren<QRadioButton *>();
    QCOMPARE(radios.size(), 4);
    QVERIFY2(radios.at(1)->text().endsWith(u"(counting…)"_s), qPrintable(radios.at(1)->text()));
    QVERIFY2(radios.at(3)->text().endsWith(u"(counting…)"_s), qPrintable(radios.at(3)->text()));
    QCOMPARE(dialog.rowCount(ExportDialog::Scope::Everything), -1);
    QVERIFY(dialog.findChild<QPushButton *>(u"exportButton"_s)->isEnabled());
    QVERIFY(shown.wait());
    QVERIFY(!dialog.isCounting());
    QVERIFY2(radios.at(1)->text().endsWith(u"(10)"_s), qPrintable(radios.at(1)->text()));
    QVERIFY2(radios.at(3)->text().endsWith(u"(10)"_s), qPrintable(radios.at(3)->text()));

    ExportDialog::Context known = context();
    known.shownLeads = 7; // what the lead table says it shows
    ExportDialog fromTable(known);
    QCOMPARE(fromTable.rowCount(ExportDialog::Scope::FilteredLeads), 7);
}

// An answer for the scope left behind must not be shown for the new one.
void TestExportDialog::scopeChangeWhileCheckingShowsTheNewScope()
{
    const QList<qint64> ids = leadRowIds();
    ExportDialog dialog(context({ids.at(5), ids.at(9)}));
    auto *preflight = dialog.findChild<ExportPreflight *>();
    QVERIFY(preflight);
    QSignalSpy answers(preflight, &ExportPreflight::checked);
    QSignalSpy shown(&dialog, &ExportDialog::warningsShown);
    dialog.show();
    QCOMPARE(dialog.scope(), ExportDialog::Scope::SelectedLeads);
    dialog.setPresetId(ExportPreset::Id::HubSpot);
    QVERIFY(dialog.isChecking());
    QVERIFY2(warningsText(dialog).startsWith(u"Checking"_s), qPrintable(warningsText(dialog)));
    QVERIFY(shown.wait());
    QCOMPARE(dialog.warnings().value(0).left(19), u"1 lead has no email"_s);
    const quint64 selectedGeneration = answers.constLast().at(0).toULongLong();

    shown.clear();
    dialog.setScope(ExportDialog::Scope::Everything);
    QVERIFY(dialog.isChecking());
    QVERIFY(dialog.warnings().isEmpty());
    // The selection's answer arriving now (late) is for the old scope: dropped.
    Q_EMIT preflight->checked(selectedGeneration,
                              answers.constLast().at(1).value<QList<ExportWarning>>(), {});
    QVERIFY(dialog.isChecking());
    QVERIFY(dialog.warnings().isEmpty());
    QCOMPARE(shown.size(), 0);
    QVERIFY(shown.wait());
    QVERIFY(!dialog.isChecking());
    QVERIFY2(dialog.warnings().value(0).startsWith(u"4 leads have no email"_s),
             qPrintable(dialog.warnings().value(0)));
}

void TestExportDialog::formatChoiceSetsSuffixAndOptions()
{
    ExportDialog dialog(context());
    dialog.show();
    auto *format = dialog.findChild<QComboBox *>(u"exportFormat"_s);
    QVERIFY(format);
    QList<QCheckBox *> csvOptions = dialog.findChildren<QCheckBox *>();
    // Marking the leads exported and one row per person are for every format.
    auto *mark = dialog.findChild<QCheckBox *>(u"markExported"_s);
    auto *onePerPerson = dialog.findChild<QCheckBox *>(u"onePerPerson"_s);
    QVERIFY(csvOptions.removeOne(mark));
    QVERIFY(csvOptions.removeOne(onePerPerson));
    QCOMPARE(csvOptions.size(), 2); // byte order mark, formula guard
    const auto csvOptionsEnabled = [&] {
        int enabled = 0;
        for (const QCheckBox *box : csvOptions)
            enabled += box->isEnabled();
        return enabled;
    };
    QCOMPARE(dialog.format(), ExportFormat::Csv);
    QCOMPARE(dialog.request().format, ExportFormat::Csv);
    QCOMPARE(csvOptionsEnabled(), 2);

    format->setCurrentIndex(format->findData(int(ExportFormat::Xlsx)));
    QCOMPARE(dialog.format(), ExportFormat::Xlsx);
    QCOMPARE(dialog.request().format, ExportFormat::Xlsx);
    QCOMPARE(dialog.filePath(), m_dir.filePath(u"never-written.xlsx"_s));
    QCOMPARE(csvOptionsEnabled(), 0); // a workbook has no delimiter, BOM or formulas to guard
    QVERIFY(onePerPerson->isEnabled());
    QVERIFY(mark->isEnabled());

    format->setCurrentIndex(format->findData(int(ExportFormat::Csv)));
    QCOMPARE(dialog.filePath(), m_dir.filePath(u"never-written.csv"_s));
    QCOMPARE(csvOptionsEnabled(), 2);

    // A name without a suffix gets one; another suffix is part of the name the user chose.
    dialog.setFilePath(m_dir.filePath(u"for-the-crm"_s));
    dialog.setFormat(ExportFormat::Xlsx);
    QCOMPARE(dialog.filePath(), m_dir.filePath(u"for-the-crm.xlsx"_s));
    dialog.setFilePath(m_dir.filePath(u"leads.v2"_s));
    dialog.setFormat(ExportFormat::Csv);
    QCOMPARE(dialog.filePath(), m_dir.filePath(u"leads.v2.csv"_s));
}

void TestExportDialog::formatIsRemembered()
{
    Settings settings(m_dir.filePath(u"format.ini"_s));
    ExportDialog::Context withSettings = context();
    withSettings.settings = &settings;
    withSettings.defaultFilePath = m_dir.filePath(u"leads-today.csv"_s);
    {
        ExportDialog dialog(withSettings);
        QCOMPARE(dialog.format(), ExportFormat::Csv);
        dialog.setFormat(ExportFormat::Xlsx);
        dialog.show();
        dialog.findChild<QPushButton *>(u"exportButton"_s)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QCOMPARE(settings.value(Setting::ExportFileFormat), u"xlsx"_s);
    // The next dialog opens with Excel, and the proposed name follows it.
    ExportDialog dialog(withSettings);
    QCOMPARE(dialog.format(), ExportFormat::Xlsx);
    QCOMPARE(dialog.filePath(), m_dir.filePath(u"leads-today.xlsx"_s));
}

void TestExportDialog::markCheckboxIsOnByDefaultAndRemembered()
{
    Settings settings(m_dir.filePath(u"mark.ini"_s));
    ExportDialog::Context withSettings = context();
    withSettings.settings = &settings;
    withSettings.defaultFilePath = m_dir.filePath(u"marked.csv"_s);
    {
        ExportDialog dialog(withSettings);
        auto *mark = dialog.findChild<QCheckBox *>(u"markExported"_s);
        QVERIFY(mark);
        QVERIFY(mark->isChecked());
        QVERIFY(dialog.markExported());
        QVERIFY(dialog.request().collectLeadRowIds);
        QVERIFY(dialog.record().marked);
        mark->click(); // off, as a user would
        QVERIFY(!dialog.request().collectLeadRowIds);
        QVERIFY(!dialog.record().marked);
        dialog.reject(); // a cancelled dialog remembers nothing
    }
    QVERIFY(settings.value(Setting::ExportMarkLeads));
    {
        ExportDialog dialog(withSettings);
        dialog.setMarkExported(false);
        dialog.show();
        dialog.findChild<QPushButton *>(u"exportButton"_s)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QVERIFY(!settings.value(Setting::ExportMarkLeads));
    QVERIFY(!ExportDialog(withSettings).markExported());
    // Without settings (tests, no file) it is on.
    QVERIFY(ExportDialog(context()).markExported());
}

void TestExportDialog::recordSaysWhatWasExported_data()
{
    QTest::addColumn<int>("scope");
    QTest::addColumn<bool>("allMatching");
    QTest::addColumn<QString>("scopeName");
    QTest::addColumn<QString>("filters");
    QTest::newRow("shown leads") << int(ExportDialog::Scope::FilteredLeads) << false
                                 << u"shown leads"_s << u"Has email; Job position: founder"_s;
    QTest::newRow("rows selected")
        << int(ExportDialog::Scope::SelectedLeads) << false << u"selection"_s << QString();
    QTest::newRow("all matching") << int(ExportDialog::Scope::SelectedLeads) << true
                                  << u"all matching"_s << u"Has email; Job position: founder"_s;
    QTest::newRow("everything") << int(ExportDialog::Scope::Everything) << false << u"everything"_s
                                << QString();
}

void TestExportDialog::recordSaysWhatWasExported()
{
    QFETCH(int, scope);
    QFETCH(bool, allMatching);
    QFETCH(QString, scopeName);
    QFETCH(QString, filters);
    const QList<qint64> ids = leadRowIds();
    ExportDialog::Context c = context(allMatching ? QList<qint64>() : ids.mid(0, 2));
    c.selectionIsAllMatching = allMatching;
    c.filterSummary = u"Has email; Job position: founder"_s;
    ExportDialog dialog(c);
    dialog.setScope(ExportDialog::Scope(scope));
    dialog.setPresetId(ExportPreset::Id::HubSpot);
    dialog.setFormat(ExportFormat::Xlsx);
    const ExportRecord record = dialog.record();
    QCOMPARE(record.scope, scopeName);
    QCOMPARE(record.filterSummary, filters);
    QCOMPARE(record.preset, u"hubspot"_s);
    QCOMPARE(record.format, u"xlsx"_s);
    QCOMPARE(record.filePath, m_dir.filePath(u"never-written.xlsx"_s));
    QCOMPARE(record.id, 0); // written by the runner, once the file is complete
}

// The "One row per person" checkbox: off in a first dialog, in the request when ticked, and
// remembered with the other choices once the export is accepted (not when cancelled).
void TestExportDialog::onePerPersonIsOffByDefaultAndRemembered()
{
    Settings settings(m_dir.filePath(u"one-per-person.ini"_s));
    ExportDialog::Context withSettings = context();
    withSettings.settings = &settings;
    withSettings.defaultFilePath = m_dir.filePath(u"people.csv"_s);
    const auto open = [&withSettings](bool tick, QDialogButtonBox::StandardButton close) {
        ExportDialog dialog(withSettings);
        const bool before = dialog.onePerPerson();
        auto *box = dialog.findChild<QCheckBox *>(u"onePerPerson"_s);
        VERIFY_OR_THROW(box && box->isChecked() == before);
        dialog.show();
        if (tick) {
            box->click();
            COMPARE_OR_THROW(dialog.request().onePerPerson, !before);
        }
        QPushButton *button = close == QDialogButtonBox::Ok
            ? dialog.findChild<QPushButton *>(u"exportButton"_s)
            : dialog.findChild<QDialogButtonBox *>()->button(close);
        button->click();
        return before;
    };
    bool before = true;
    TRY_OR_FAIL(before = open(true, QDialogButtonBox::Cancel));
    QVERIFY(!before); // off by default
    TRY_OR_FAIL(before = open(false, QDialogButtonBox::Ok));
    QVERIFY(!before); // a cancelled dialog's choice is not kept
    QCOMPARE(settings.value(Setting::ExportOnePerPerson), false);
    TRY_OR_FAIL(before = open(true, QDialogButtonBox::Ok));
    QVERIFY(!before);
    QCOMPARE(settings.value(Setting::ExportOnePerPerson), true);
    {
        ExportDialog dialog(withSettings);
        QVERIFY(dialog.onePerPerson());
        QVERIFY(dialog.request().onePerPerson);
        dialog.setOnePerPerson(false);
        QVERIFY(!dialog.request().onePerPerson);
    }
}

// The table's one row per person shows each person's newest lead; an export that merges
// reads all their leads (so an older campaign's email still comes), and one that does not
// writes the rows the table shows.
void TestExportDialog::mergeReadsEveryLeadOfThePeopleShown()
{
    const QList<qint64> ids = leadRowIds();
    ExportDialog::Context c = context(ids.mid(0, 2));
    c.viewFilter.onePerPerson = true;
    ExportDialog dialog(c);
    dialog.setScope(ExportDialog::Scope::FilteredLeads);
    dialog.setOnePerPerson(false);
    QVERIFY(dialog.request().filter.onePerPerson);
    QVERIFY(!dialog.request().filter.peopleOfMatches);
    dialog.setOnePerPerson(true);
    QVERIFY(dialog.request().onePerPerson);
    QVERIFY(dialog.request().filter.onePerPerson); // the people are the rows shown...
    QVERIFY(dialog.request().filter.peopleOfMatches); // ...with all their leads
    dialog.setScope(ExportDialog::Scope::SelectedLeads);
    QVERIFY(dialog.request().filter.useSelection);
    QVERIFY(dialog.request().filter.peopleOfMatches);
    dialog.setScope(ExportDialog::Scope::Everything);
    QVERIFY(!dialog.request().filter.peopleOfMatches);
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
