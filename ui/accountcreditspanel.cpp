// SPDX-License-Identifier: MIT
#include "accountcreditspanel.h"

#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
QLabel *valueLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}
} // namespace

AccountCreditsPanel::AccountCreditsPanel(QWidget *parent)
    : QWidget(parent)
    , m_balance(valueLabel(u"balance"_s, this))
    , m_used(valueLabel(u"used"_s, this))
    , m_remaining(valueLabel(u"remaining"_s, this))
    , m_quota(valueLabel(u"leadQuota"_s, this))
    , m_leadUsed(valueLabel(u"leadUsed"_s, this))
    , m_leadRemaining(valueLabel(u"leadRemaining"_s, this))
    , m_status(new QLabel(this))
    , m_refresh(new QPushButton(tr("Re&fresh"), this))
    , m_settings(new QPushButton(tr("Set API &Key…"), this))
{
    setObjectName(u"accountCredits"_s);
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_refresh->setToolTip(tr("Ask SendPilot for the account's credits now (GET /v1/credits)"));
    m_settings->setToolTip(tr("Open Settings to enter the SendPilot API key"));
    connect(m_refresh, &QPushButton::clicked, this, &AccountCreditsPanel::refreshRequested);
    connect(m_settings, &QPushButton::clicked, this, &AccountCreditsPanel::settingsRequested);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(12);
    auto *title = new QLabel(tr("SendPilot account"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);
    grid->addWidget(title, 0, 0);
    const QStringList heads = {tr("Balance"), tr("Used"), tr("Remaining")};
    for (int i = 0; i < heads.size(); ++i) {
        auto *head = new QLabel(heads.at(i), this);
        head->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        grid->addWidget(head, 0, i + 1);
    }
    auto *global = new QLabel(tr("Credits (extraction and enrichment):"), this);
    global->setToolTip(tr("One pool shared by every Lead Extractor operation"));
    grid->addWidget(global, 1, 0);
    grid->addWidget(m_balance, 1, 1);
    grid->addWidget(m_used, 1, 2);
    grid->addWidget(m_remaining, 1, 3);
    grid->addWidget(new QLabel(tr("Lead database (quota):"), this), 2, 0);
    grid->addWidget(m_quota, 2, 1);
    grid->addWidget(m_leadUsed, 2, 2);
    grid->addWidget(m_leadRemaining, 2, 3);
    grid->setColumnStretch(4, 1);

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_settings);
    buttons->addStretch();
    auto *top = new QHBoxLayout;
    top->addLayout(grid, 1);
    top->addLayout(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addLayout(top);
    layout->addWidget(m_status);
    showState(CreditsState(), false);
}

AccountCreditsPanel::~AccountCreditsPanel() = default;

QString AccountCreditsPanel::amount(const std::optional<double> &value)
{
    if (!value)
        return tr("unknown");
    const double v = *value;
    return QLocale().toString(v, 'f', v == double(qint64(v)) ? 0 : 2);
}

QString AccountCreditsPanel::shortText(const CreditsState &state)
{
    if (!state.credits || !state.credits->remaining)
        return {};
    const double left = *state.credits->remaining;
    return left == 1.0 ? tr("1 credit left") : tr("%1 credits left").arg(amount(left));
}

void AccountCreditsPanel::showState(const CreditsState &state, bool hasKey)
{
    const SendPilotApi::Credits credits = state.credits.value_or(SendPilotApi::Credits());
    const bool known = state.credits.has_value();
    const auto show = [known](QLabel *label, const std::optional<double> &value) {
        label->setText(known ? amount(value) : tr("–"));
    };
    show(m_balance, credits.balance);
    show(m_used, credits.used);
    show(m_remaining, credits.remaining);
    show(m_quota, credits.leadQuota);
    show(m_leadUsed, credits.leadUsed);
    show(m_leadRemaining, credits.leadRemaining);
    m_refresh->setEnabled(hasKey && !state.refreshing);
    m_settings->setVisible(!hasKey || isAuthRefusal(state.lastVerdict));

    QString status;
    if (!hasKey) {
        status = tr("No SendPilot API key is set, so the account's credits are not known. Enter "
                    "the key from SendPilot (Integrations → API Keys) in Settings.");
    } else if (state.refreshing) {
        status = tr("Asking SendPilot for the credits…");
    } else if (!state.error.isEmpty()) {
        status = known
            ? tr("%1 Shown: the credits of %2.")
                  .arg(state.error,
                       QLocale().toString(QDateTime::fromMSecsSinceEpoch(state.fetchedAtMs),
                                          QLocale::ShortFormat))
            : state.error;
    } else if (known) {
        status = tr("From SendPilot at %1. Refreshed after each finished campaign.")
                     .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(state.fetchedAtMs),
                                             QLocale::ShortFormat));
    }
    m_status->setText(status);
}

QString AccountCreditsPanel::valueText(const QString &name) const
{
    const auto *label = findChild<QLabel *>(name);
    return label ? label->text() : QString();
}
