// SPDX-License-Identifier: MIT
#include "leadfilterbar.h"

#include "flowlayout.h"
#include "leadfilterpopup.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QShortcut>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {

/// How long editing must pause before the filters run (as the search box).
constexpr int DebounceMs = 150;
/// A chip's value is elided past this many average characters (the whole value in its tooltip).
constexpr int ChipValueChars = 28;

constexpr LeadFilterBar::Criterion AllCriteria[] = {
    LeadFilterBar::Criterion::Company,   LeadFilterBar::Criterion::JobPosition,
    LeadFilterBar::Criterion::Location,  LeadFilterBar::Criterion::Industry,
    LeadFilterBar::Criterion::Seniority, LeadFilterBar::Criterion::Campaign,
    LeadFilterBar::Criterion::Enriched,  LeadFilterBar::Criterion::Connections,
    LeadFilterBar::Criterion::Followers,
};

QString rangeText(const LeadRange &range)
{
    const QLocale locale;
    if (range.min && range.max)
        return LeadFilterBar::tr("%1 to %2")
            .arg(locale.toString(*range.min), locale.toString(*range.max));
    if (range.min)
        return LeadFilterBar::tr("at least %1").arg(locale.toString(*range.min));
    if (range.max)
        return LeadFilterBar::tr("at most %1").arg(locale.toString(*range.max));
    return {};
}

} // namespace

LeadFilterBar::LeadFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_button(new QToolButton(this))
    , m_popup(new LeadFilterPopup(this))
    , m_chips(new QWidget(this))
    , m_chipLayout(new FlowLayout(m_chips, 6))
    , m_hint(new QLabel(this))
    , m_debounce(new QTimer(this))
{
    setObjectName(u"leadFilterBar"_s);
    m_button->setObjectName(u"filtersButton"_s);
    m_button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_button->setToolTip(tr("Filter by company, position, location, campaign, contact details, "
                            "connections or followers"));
    m_chipLayout->setContentsMargins(0, 0, 0, 0);
    m_hint->setObjectName(u"filterHint"_s);
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_button, 0, Qt::AlignTop);
    layout->addWidget(m_chips, 1);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(DebounceMs);
    connect(m_button, &QToolButton::clicked, this, [this] { m_popup->popup(m_button); });
    connect(m_popup, &LeadFilterPopup::edited, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &LeadFilterBar::applyPopup);
    rebuildChips();
    updateButton();
}

LeadFilterBar::~LeadFilterBar() = default;

void LeadFilterBar::setFilters(const LeadFieldFilters &filters)
{
    m_debounce->stop();
    m_popup->setFilters(filters);
    if (filters == m_filters)
        return;
    m_filters = filters;
    rebuildChips();
    updateButton();
    Q_EMIT filtersChanged();
}

void LeadFilterBar::clearAll()
{
    setFilters({});
}

void LeadFilterBar::applyPopup()
{
    setFilters(m_popup->filters());
}

QString LeadFilterBar::chipText(const LeadFieldFilters &f, Criterion criterion)
{
    switch (criterion) {
    case Criterion::Company:
        return f.company.isEmpty() ? QString() : tr("Company: %1").arg(f.company);
    case Criterion::JobPosition:
        return f.jobPosition.isEmpty() ? QString() : tr("Position: %1").arg(f.jobPosition);
    case Criterion::Location:
        return f.location.isEmpty() ? QString() : tr("Location: %1").arg(f.location);
    case Criterion::Industry:
        return f.industry.isEmpty() ? QString() : tr("Industry: %1").arg(f.industry);
    case Criterion::Seniority:
        return f.seniority.isEmpty() ? QString() : tr("Seniority: %1").arg(f.seniority);
    case Criterion::Campaign:
        return f.campaignName.isEmpty() ? QString() : tr("Campaign: %1").arg(f.campaignName);
    case Criterion::Enriched:
        return f.enriched ? tr("Enriched (email or phone)") : QString();
    case Criterion::Connections:
        return f.connections.isEmpty() ? QString()
                                       : tr("Connections: %1").arg(rangeText(f.connections));
    case Criterion::Followers:
        return f.followers.isEmpty() ? QString() : tr("Followers: %1").arg(rangeText(f.followers));
    }
    return {};
}

LeadFieldFilters LeadFilterBar::cleared(LeadFieldFilters f, Criterion criterion)
{
    switch (criterion) {
    case Criterion::Company:
        f.company.clear();
        break;
    case Criterion::JobPosition:
        f.jobPosition.clear();
        break;
    case Criterion::Location:
        f.location.clear();
        break;
    case Criterion::Industry:
        f.industry.clear();
        break;
    case Criterion::Seniority:
        f.seniority.clear();
        break;
    case Criterion::Campaign:
        f.campaignName.clear();
        break;
    case Criterion::Enriched:
        f.enriched = false;
        break;
    case Criterion::Connections:
        f.connections = {};
        break;
    case Criterion::Followers:
        f.followers = {};
        break;
    }
    return f;
}

void LeadFilterBar::rebuildChips()
{
    const bool chipHadFocus = m_chips->isAncestorOf(focusWidget()) && focusWidget() != m_hint;
    // The hint is the flow's last item: it follows the chips and wraps with them.
    m_chipLayout->removeWidget(m_hint);
    m_chipLayout->clear();
    QToolButton *firstClear = nullptr;
    for (Criterion criterion : AllCriteria) {
        const QString text = chipText(m_filters, criterion);
        if (text.isEmpty())
            continue;
        auto *chip = new QFrame(m_chips);
        chip->setObjectName(u"filterChip"_s);
        chip->setFrameShape(QFrame::StyledPanel);
        chip->setAutoFillBackground(true);
        chip->setBackgroundRole(QPalette::AlternateBase);
        auto *label = new QLabel(chip);
        // Long values (a 60-character company) are elided; the tooltip has the whole text.
        const int maxWidth = fontMetrics().averageCharWidth() * ChipValueChars;
        label->setText(label->fontMetrics().elidedText(text, Qt::ElideRight, maxWidth));
        label->setToolTip(text);
        auto *clear = new QToolButton(chip);
        clear->setObjectName(u"chipClear"_s);
        clear->setText(u"\u00d7"_s);
        clear->setAutoRaise(true);
        clear->setFocusPolicy(Qt::StrongFocus);
        clear->setToolTip(tr("Clear this filter (Delete)"));
        clear->setAccessibleName(tr("Clear filter %1").arg(text));
        clear->setProperty("chipText", text);
        const auto remove = [this, criterion] {
            // Queued: the chip (and this button) is deleted by the rebuild.
            QMetaObject::invokeMethod(
                this, [this, criterion] { setFilters(cleared(m_filters, criterion)); },
                Qt::QueuedConnection);
        };
        connect(clear, &QToolButton::clicked, this, remove);
        for (const QKeySequence &key :
             {QKeySequence(Qt::Key_Delete), QKeySequence(Qt::Key_Backspace)}) {
            auto *shortcut = new QShortcut(key, clear, nullptr, nullptr, Qt::WidgetShortcut);
            connect(shortcut, &QShortcut::activated, this, remove);
        }
        auto *row = new QHBoxLayout(chip);
        row->setContentsMargins(6, 0, 0, 0);
        row->setSpacing(2);
        row->addWidget(label);
        row->addWidget(clear);
        m_chipLayout->addWidget(chip);
        if (!firstClear)
            firstClear = clear;
    }
    if (m_chipLayout->count() > 1) {
        auto *all = new QToolButton(m_chips);
        all->setObjectName(u"clearAllFilters"_s);
        all->setText(tr("Clear all"));
        all->setAutoRaise(true);
        all->setFocusPolicy(Qt::StrongFocus);
        connect(all, &QToolButton::clicked, this, [this] {
            QMetaObject::invokeMethod(this, &LeadFilterBar::clearAll, Qt::QueuedConnection);
        });
        m_chipLayout->addWidget(all);
    }
    m_chipLayout->addWidget(m_hint);
    // The keyboard stays in the chips after one is cleared.
    if (chipHadFocus) {
        if (firstClear)
            firstClear->setFocus(Qt::TabFocusReason);
        else
            m_button->setFocus(Qt::TabFocusReason);
    }
    m_chips->updateGeometry();
}

QList<QAbstractButton *> LeadFilterBar::chipClearButtons() const
{
    QList<QAbstractButton *> buttons;
    for (QToolButton *button : m_chips->findChildren<QToolButton *>(u"chipClear"_s))
        buttons << button;
    return buttons;
}

QStringList LeadFilterBar::chipTexts() const
{
    QStringList texts;
    for (QAbstractButton *button : chipClearButtons())
        texts << button->property("chipText").toString();
    return texts;
}

void LeadFilterBar::updateButton()
{
    int active = 0;
    for (Criterion criterion : AllCriteria)
        active += chipText(m_filters, criterion).isEmpty() ? 0 : 1;
    m_button->setText(active == 0 ? tr("Filters…") : tr("Filters (%1)…").arg(active));
    m_hint->setText(active == 0 ? tr("Narrow the list by company, position, place, campaign, "
                                     "contacts or counts")
                                : tr("Every filter must match, with the search box"));
}
