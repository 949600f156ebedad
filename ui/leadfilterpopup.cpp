// SPDX-License-Identifier: MIT
#include "leadfilterpopup.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScreen>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

std::optional<qint64> number(const QLineEdit *edit)
{
    bool ok = false;
    const qint64 value = edit->text().trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

QString text(const std::optional<qint64> &value)
{
    return value ? QString::number(*value) : QString();
}

} // namespace

LeadFilterPopup::LeadFilterPopup(QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_company(new QLineEdit(this))
    , m_position(new QLineEdit(this))
    , m_location(new QLineEdit(this))
    , m_industry(new QLineEdit(this))
    , m_seniority(new QLineEdit(this))
    , m_campaign(new QLineEdit(this))
    , m_enriched(new QCheckBox(tr("Only leads with an email or a phone number"), this))
    , m_warning(new QLabel(this))
{
    setObjectName(u"leadFilterPopup"_s);
    setFrameShape(QFrame::StyledPanel);
    setAttribute(Qt::WA_WindowPropagation);

    const struct
    {
        QLineEdit *edit;
        const char *name;
        QString placeholder;
    } texts[] = {
        {m_company, "filterCompany", tr("e.g. acme")},
        {m_position, "filterPosition", tr("e.g. founder")},
        {m_location, "filterLocation", tr("e.g. london, île-de-france")},
        {m_industry, "filterIndustry", tr("e.g. software (Lead Database searches)")},
        {m_seniority, "filterSeniority", tr("e.g. vp, director (Lead Database searches)")},
        {m_campaign, "filterCampaign", tr("part of the campaign name")},
    };
    for (const auto &entry : texts) {
        entry.edit->setObjectName(QLatin1StringView(entry.name));
        entry.edit->setPlaceholderText(entry.placeholder);
        entry.edit->setClearButtonEnabled(true);
        entry.edit->setMinimumWidth(fontMetrics().averageCharWidth() * 32);
        connect(entry.edit, &QLineEdit::textChanged, this, [this] {
            if (!m_setting)
                Q_EMIT edited();
        });
    }
    m_enriched->setObjectName(u"filterEnriched"_s);
    connect(m_enriched, &QCheckBox::toggled, this, [this] {
        if (!m_setting)
            Q_EMIT edited();
    });

    const auto range = [this](QLineEdit *min, QLineEdit *max) {
        auto *row = new QHBoxLayout;
        row->addWidget(min);
        row->addWidget(new QLabel(tr("to"), this));
        row->addWidget(max);
        row->addStretch(1);
        return row;
    };
    m_connectionsMin = numberEdit(tr("any"), tr("Connections, at least"));
    m_connectionsMax = numberEdit(tr("any"), tr("Connections, at most"));
    m_followersMin = numberEdit(tr("any"), tr("Followers, at least"));
    m_followersMax = numberEdit(tr("any"), tr("Followers, at most"));
    m_connectionsMin->setObjectName(u"filterConnectionsMin"_s);
    m_connectionsMax->setObjectName(u"filterConnectionsMax"_s);
    m_followersMin->setObjectName(u"filterFollowersMin"_s);
    m_followersMax->setObjectName(u"filterFollowersMax"_s);

    auto *form = new QFormLayout;
    form->addRow(tr("&Company:"), m_company);
    form->addRow(tr("Job &position:"), m_position);
    form->addRow(tr("&Location:"), m_location);
    form->addRow(tr("&Industry:"), m_industry);
    form->addRow(tr("&Seniority:"), m_seniority);
    form->addRow(tr("Ca&mpaign:"), m_campaign);
    form->addRow(tr("&Enriched:"), m_enriched);
    // A label with a buddy: addRow(QString, QLayout *) would show the '&' of the mnemonic.
    const auto rangeRow = [&](const QString &text, QLineEdit *min, QLineEdit *max) {
        auto *label = new QLabel(text, this);
        label->setBuddy(min);
        form->addRow(label, range(min, max));
    };
    rangeRow(tr("Co&nnections:"), m_connectionsMin, m_connectionsMax);
    rangeRow(tr("&Followers:"), m_followersMin, m_followersMax);

    auto *hint = new QLabel(
        tr("Company, position, location, industry and seniority match words that start with what "
           "you type, "
           "ignoring case and accents; the campaign matches any part of its name. Every filter "
           "must match, together with the search box. A lead whose count is unknown is left "
           "out by a range."),
        this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    m_warning->setObjectName(u"filterWarning"_s);
    m_warning->setWordWrap(true);
    m_warning->hide();

    auto *done = new QPushButton(tr("Done"), this);
    done->setDefault(true);
    connect(done, &QPushButton::clicked, this, &QWidget::close);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(done);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_warning);
    layout->addLayout(buttons);
    setMaximumWidth(fontMetrics().averageCharWidth() * 80);
}

LeadFilterPopup::~LeadFilterPopup() = default;

QLineEdit *LeadFilterPopup::numberEdit(const QString &placeholder, const QString &accessibleName)
{
    auto *edit = new QLineEdit(this);
    edit->setPlaceholderText(placeholder);
    edit->setAccessibleName(accessibleName);
    edit->setToolTip(accessibleName);
    edit->setValidator(new QRegularExpressionValidator(QRegularExpression(u"[0-9]{0,12}"_s), edit));
    edit->setMaximumWidth(fontMetrics().averageCharWidth() * 12);
    connect(edit, &QLineEdit::textChanged, this, [this] {
        updateWarning();
        if (!m_setting)
            Q_EMIT edited();
    });
    return edit;
}

LeadFieldFilters LeadFilterPopup::filters() const
{
    LeadFieldFilters f;
    f.company = m_company->text().simplified();
    f.jobPosition = m_position->text().simplified();
    f.location = m_location->text().simplified();
    f.industry = m_industry->text().simplified();
    f.seniority = m_seniority->text().simplified();
    f.campaignName = m_campaign->text().simplified();
    f.enriched = m_enriched->isChecked();
    f.connections = {number(m_connectionsMin), number(m_connectionsMax)};
    f.followers = {number(m_followersMin), number(m_followersMax)};
    return f;
}

void LeadFilterPopup::setFilters(const LeadFieldFilters &filters)
{
    if (filters == this->filters())
        return;
    m_setting = true;
    m_company->setText(filters.company);
    m_position->setText(filters.jobPosition);
    m_location->setText(filters.location);
    m_industry->setText(filters.industry);
    m_seniority->setText(filters.seniority);
    m_campaign->setText(filters.campaignName);
    m_enriched->setChecked(filters.enriched);
    m_connectionsMin->setText(text(filters.connections.min));
    m_connectionsMax->setText(text(filters.connections.max));
    m_followersMin->setText(text(filters.followers.min));
    m_followersMax->setText(text(filters.followers.max));
    m_setting = false;
    updateWarning();
}

void LeadFilterPopup::popup(QWidget *anchor)
{
    adjustSize();
    QPoint pos = anchor->mapToGlobal(QPoint(0, anchor->height()));
    // Kept on the anchor's screen.
    if (const QScreen *screen = anchor->screen()) {
        const QRect area = screen->availableGeometry();
        pos.setX(std::clamp(pos.x(), area.left(), std::max(area.left(), area.right() - width())));
        pos.setY(std::clamp(pos.y(), area.top(), std::max(area.top(), area.bottom() - height())));
    }
    move(pos);
    show();
    m_company->setFocus(Qt::PopupFocusReason);
}

QString LeadFilterPopup::warning() const
{
    return m_warning->isHidden() ? QString() : m_warning->text();
}

void LeadFilterPopup::updateWarning()
{
    if (!m_followersMax)
        return; // still being built
    QStringList problems;
    const LeadFieldFilters f = filters();
    if (f.connections.min && f.connections.max && *f.connections.min > *f.connections.max)
        problems << tr("The connections minimum is above the maximum: no lead can match.");
    if (f.followers.min && f.followers.max && *f.followers.min > *f.followers.max)
        problems << tr("The followers minimum is above the maximum: no lead can match.");
    m_warning->setText(problems.join(u' '));
    m_warning->setHidden(problems.isEmpty());
}

void LeadFilterPopup::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        close();
        return;
    }
    QFrame::keyPressEvent(event);
}
