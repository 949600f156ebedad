// SPDX-License-Identifier: MIT
#include "newcampaigndialog.h"

#include "accentcolors.h"

#include "ingest/sendpilotaccount.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

using namespace Qt::StringLiterals;
using SendPilotApi::LaunchProblem;

namespace {

QLabel *problemLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, AccentColors::problemText(palette));
    label->setPalette(palette);
    label->hide();
    return label;
}

} // namespace

NewCampaignDialog::NewCampaignDialog(SendPilotAccount *account, QWidget *parent)
    : QDialog(parent)
    , m_account(account)
    , m_name(new QLineEdit(this))
    , m_urls(new QPlainTextEdit(this))
    , m_urlType(new QComboBox(this))
    , m_limit(new QSpinBox(this))
    , m_mode(new QComboBox(this))
    , m_nameProblem(problemLabel(u"nameProblem"_s, this))
    , m_urlsProblem(problemLabel(u"urlsProblem"_s, this))
    , m_limitProblem(problemLabel(u"limitProblem"_s, this))
    , m_status(problemLabel(u"launchStatus"_s, this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New Campaign"));
    m_name->setObjectName(u"campaignName"_s);
    m_name->setPlaceholderText(tr("Founders in Berlin"));
    m_urls->setObjectName(u"searchUrls"_s);
    m_urls->setPlaceholderText(
        tr("https://www.linkedin.com/search/results/people/?keywords=founder\n(one URL a line)"));
    m_urls->setTabChangesFocus(true);
    m_urls->setLineWrapMode(QPlainTextEdit::NoWrap);
    // Room for a few URLs; more scroll (the form should not be mostly an empty box).
    m_urls->setMinimumHeight(m_urls->fontMetrics().lineSpacing() * 4);
    m_urls->setMaximumHeight(m_urls->fontMetrics().lineSpacing() * 8);
    m_urlType->setObjectName(u"urlType"_s);
    m_urlType->addItem(tr("LinkedIn search"),
                       SendPilotApi::urlTypeName(SendPilotApi::UrlType::LinkedinSearch));
    m_urlType->addItem(tr("Sales Navigator"),
                       SendPilotApi::urlTypeName(SendPilotApi::UrlType::SalesNavigator));
    m_limit->setObjectName(u"limit"_s);
    // SendPilot documents no maximum (§4.2): the spin box's is only what it can hold.
    m_limit->setRange(1, std::numeric_limits<int>::max());
    m_limit->setValue(50); // the default of the n8n node the body comes from
    m_limit->setGroupSeparatorShown(true);
    m_limit->setSuffix(tr(" leads"));
    m_mode->setObjectName(u"mode"_s);
    m_mode->addItem(tr("Extraction only"),
                    SendPilotApi::modeName(SendPilotApi::ExtractionMode::ExtractionOnly));
    m_mode->addItem(tr("With enrichment (emails, phones)"),
                    SendPilotApi::modeName(SendPilotApi::ExtractionMode::WithEnrichment));

    auto *hint = new QLabel(this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    hint->setText(tr("SendPilot extracts the people of these searches. Lead Viewer follows the "
                     "campaign's progress in the campaign list and brings its leads in when it "
                     "is done. Extraction and enrichment use the account's credits."));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    const auto withProblem = [this](QWidget *field, QLabel *problem) {
        auto *box = new QWidget(this);
        auto *column = new QVBoxLayout(box);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(2);
        column->addWidget(field);
        column->addWidget(problem);
        return box;
    };
    form->addRow(tr("&Name:"), withProblem(m_name, m_nameProblem));
    form->addRow(tr("Search &URLs:"), withProblem(m_urls, m_urlsProblem));
    form->addRow(tr("URL &type:"), m_urlType);
    form->addRow(tr("&Limit:"), withProblem(m_limit, m_limitProblem));
    form->addRow(tr("&Mode:"), m_mode);

    QPushButton *launchButton = m_buttons->addButton(tr("&Launch"), QDialogButtonBox::AcceptRole);
    launchButton->setObjectName(u"launchButton"_s);
    launchButton->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewCampaignDialog::launch);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_account, &SendPilotAccount::launchFinished, this, &NewCampaignDialog::launchFinished);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addLayout(form, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    resize(620, sizeHint().height());
}

NewCampaignDialog::~NewCampaignDialog() = default;

SendPilotApi::LaunchRequest NewCampaignDialog::request() const
{
    SendPilotApi::LaunchRequest r;
    r.name = m_name->text();
    for (const QString &line : m_urls->toPlainText().split(u'\n')) {
        if (!line.trimmed().isEmpty())
            r.urls.append(line.trimmed());
    }
    r.limit = m_limit->value();
    r.mode = *SendPilotApi::modeFromName(m_mode->currentData().toString());
    r.urlType = *SendPilotApi::urlTypeFromName(m_urlType->currentData().toString());
    return r;
}

void NewCampaignDialog::showProblems(const QList<LaunchProblem> &problems)
{
    QStringList name, urls, limit;
    for (const LaunchProblem &p : problems) {
        switch (p.field) {
        case LaunchProblem::Field::Name:
            name.append(p.message);
            break;
        case LaunchProblem::Field::Urls:
            urls.append(p.urlIndex >= 0 ? tr("Line %1: %2").arg(p.urlIndex + 1).arg(p.message)
                                        : p.message);
            break;
        case LaunchProblem::Field::Limit:
            limit.append(p.message);
            break;
        }
    }
    const auto show = [](QLabel *label, const QStringList &lines) {
        label->setText(lines.join(u'\n'));
        label->setVisible(!lines.isEmpty());
    };
    show(m_nameProblem, name);
    show(m_urlsProblem, urls);
    show(m_limitProblem, limit);
    if (!name.isEmpty())
        m_name->setFocus();
    else if (!urls.isEmpty())
        m_urls->setFocus();
}

void NewCampaignDialog::launch()
{
    if (m_waiting)
        return;
    m_status->hide();
    const QList<LaunchProblem> problems = m_account->launchCampaign(request());
    showProblems(problems);
    if (!problems.isEmpty())
        return;
    m_waiting = true;
    for (QAbstractButton *button : m_buttons->buttons())
        button->setEnabled(false);
    m_status->setPalette(palette());
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_status->setText(tr("Asking SendPilot to start the campaign…"));
    m_status->show();
}

void NewCampaignDialog::launchFinished(const LaunchReport &report)
{
    if (!m_waiting)
        return;
    m_waiting = false;
    for (QAbstractButton *button : m_buttons->buttons())
        button->setEnabled(true);
    if (report.ok()) {
        Q_EMIT launched(report);
        accept();
        return;
    }
    QPalette problem = palette();
    problem.setColor(QPalette::WindowText, AccentColors::problemText(problem));
    m_status->setPalette(problem);
    m_status->setForegroundRole(QPalette::WindowText);
    m_status->setText(report.message);
    m_status->show();
}
