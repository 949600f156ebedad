// SPDX-License-Identifier: MIT
#include "profilepane.h"

#include "avatarwidget.h"
#include "emptystate.h"
#include "flowlayout.h"
#include "photoloader.h"

#include <QClipboard>
#include <QDateTime>
#include <QDesktopServices>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStyle>
#include <QTextDocument>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
/// A longer value is cut to this many characters (with "…"); the tooltip holds more of it and
/// the copy buttons the whole value. LinkedIn itself allows about 220 characters in a headline
/// and 2,600 in a summary.
constexpr qsizetype MaxShortChars = 300;
constexpr qsizetype MaxLongChars = 3000;
constexpr qsizetype MaxToolTipChars = 1000;
/// A word of more characters than this gets a place to break every few characters, so that
/// it wraps at any width.
constexpr qsizetype MaxUnbrokenRun = 24;
constexpr qsizetype BreakEvery = 4;
constexpr QChar ZeroWidthSpace(0x200B);

/// \a text as a word-wrapped label can show it: at most \a maxChars characters, and no run of
/// more than MaxUnbrokenRun characters without places to break (zero-width spaces), so that
/// an unbroken 100,000-character headline wraps inside the pane instead of widening it.
QString wrappable(const QString &text, qsizetype maxChars = MaxShortChars)
{
    const bool cut = text.size() > maxChars;
    const QStringView shown = QStringView(text).first(cut ? maxChars : text.size());
    QString out;
    out.reserve(shown.size() + shown.size() / BreakEvery + 1);
    qsizetype begin = 0;
    while (begin < shown.size()) {
        // One word (a run without spaces) and the spaces after it.
        qsizetype end = begin;
        while (end < shown.size() && !shown[end].isSpace())
            ++end;
        const QStringView word = shown.sliced(begin, end - begin);
        if (word.size() <= MaxUnbrokenRun) {
            out += word;
        } else {
            for (qsizetype i = 0; i < word.size(); ++i) {
                if (i > 0 && i % BreakEvery == 0 && !word[i].isLowSurrogate())
                    out += ZeroWidthSpace;
                out += word[i];
            }
        }
        begin = end;
        while (begin < shown.size() && shown[begin].isSpace())
            out += shown[begin++];
    }
    if (cut)
        out += u'…';
    return out;
}

// A tooltip of lead data: always plain text (Qt shows a tooltip that looks like HTML as rich
// text), cut at MaxToolTipChars; empty for empty.
QString plainToolTip(const QString &text)
{
    return text.isEmpty()
        ? QString()
        : Qt::convertFromPlainText(wrappable(text, MaxToolTipChars), Qt::WhiteSpaceNormal);
}

/// Sets a plain-text value; one that had to be cut shows more of itself in the tooltip.
void setValue(QLabel *label, const QString &text, qsizetype maxChars = MaxShortChars)
{
    label->setText(wrappable(text, maxChars));
    label->setToolTip(text.size() > maxChars ? plainToolTip(text) : QString());
}

QLabel *makeValueLabel(QWidget *parent, const QString &objectName = {},
                       Qt::TextFormat format = Qt::PlainText)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    // Lead data comes from the internet: plain text unless the label builds escaped HTML.
    label->setTextFormat(format);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    // Wrapped text takes the pane's width; it never asks for more.
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    label->setMinimumWidth(1);
    return label;
}

QLabel *makeSectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setContentsMargins(0, 8, 0, 0);
    return label;
}

/// \a text (HTML-escaped here) as a word-wrapped label shows it.
QString html(const QString &text)
{
    return wrappable(text).toHtmlEscaped();
}

/// A link showing \a htmlText, which the caller has escaped. The one-line labels (email, phone,
/// profile) pass the plain value escaped, so that text selected from them copies without the
/// break points wrappable() inserts.
QString link(const QString &href, const QString &htmlText)
{
    return u"<a href=\""_s + href.toHtmlEscaped() + u"\">"_s + htmlText + u"</a>"_s;
}

// Whether \a address may be handed to the browser: an http(s) address. A search's website and
// company page are what SendPilot sent; anything else (javascript:, file:) stays text.
bool isWebAddress(const QString &address)
{
    const QUrl url(address, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"https"_s || url.scheme() == u"http"_s)
        && !url.host().isEmpty();
}

// \a htmlText linked to \a address when that is a web address, else \a htmlText alone.
QString webLink(const QString &address, const QString &htmlText)
{
    return isWebAddress(address) ? link(address, htmlText) : htmlText;
}

void setRow(QFormLayout *form, QWidget *field, bool visible)
{
    form->setRowVisible(field, visible);
}
} // namespace

ProfilePane::ProfilePane(const QString &photoCacheDirectory, QWidget *parent)
    : QWidget(parent)
    , m_photos(new PhotoLoader(photoCacheDirectory, this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new EmptyState(this))
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    auto *scroll = new QScrollArea(this);
    m_scroll = scroll;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // Text wraps to the pane's width; long addresses are cut (their tooltips and copy buttons
    // hold them whole) instead of widening the content past the pane.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *content = new QWidget(scroll);
    scroll->setWidget(content);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(scroll);
    m_empty->setText(tr("Select a lead to see their profile."));

    auto *layout = new QVBoxLayout(content);

    m_avatar = new AvatarWidget(content);
    m_avatar->setObjectName(u"profileAvatar"_s);
    m_name = makeValueLabel(content, u"profileName"_s);
    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.35);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    m_headline = makeValueLabel(content, u"profileHeadline"_s);
    m_location = makeValueLabel(content, u"profileLocation"_s);
    m_location->setForegroundRole(QPalette::PlaceholderText);
    auto *titleBox = new QVBoxLayout;
    titleBox->addWidget(m_name);
    titleBox->addWidget(m_headline);
    titleBox->addWidget(m_location);
    titleBox->addStretch();
    auto *top = new QHBoxLayout;
    top->addWidget(m_avatar, 0, Qt::AlignTop);
    top->addLayout(titleBox, 1);
    layout->addLayout(top);

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    // Rich text for the link to the company's LinkedIn page a search gives (escaped below).
    m_company = makeValueLabel(content, u"profileCompany"_s, Qt::RichText);
    m_company->setOpenExternalLinks(true);
    m_position = makeValueLabel(content, u"profilePosition"_s);
    m_email = makeValueLabel(content, u"profileEmail"_s, Qt::RichText);
    m_email->setOpenExternalLinks(true);
    m_phone = makeValueLabel(content, u"profilePhone"_s, Qt::RichText);
    m_phone->setOpenExternalLinks(true);
    m_linkedin = makeValueLabel(content, u"profileLinkedin"_s, Qt::RichText);
    // One line each, cut at the pane's edge: the tooltip and the copy button hold the value.
    for (QLabel *label : {m_email, m_phone, m_linkedin})
        label->setWordWrap(false);
    // The browser, through QDesktopServices, for the profile link.
    connect(m_linkedin, &QLabel::linkActivated, this,
            [](const QString &href) { QDesktopServices::openUrl(QUrl(href)); });
    m_seniority = makeValueLabel(content, u"profileSeniority"_s);
    m_industry = makeValueLabel(content, u"profileIndustry"_s);
    m_employees = makeValueLabel(content, u"profileEmployees"_s);
    m_website = makeValueLabel(content, u"profileWebsite"_s, Qt::RichText);
    // Addresses, one line each like the email (fitOneLineValues), the tooltip holding them.
    m_website->setOpenExternalLinks(true);
    m_website->setWordWrap(false);
    m_connections = makeValueLabel(content, u"profileConnections"_s);
    m_followers = makeValueLabel(content, u"profileFollowers"_s);
    m_copyEmail = makeCopyButton(tr("Copy the email address"));
    m_copyPhone = makeCopyButton(tr("Copy the phone number"));
    m_copyUrl = makeCopyButton(tr("Copy the LinkedIn profile URL"));
    connect(m_copyEmail, &QToolButton::clicked, this,
            [this] { copy(m_profile->lead.email, tr("email address")); });
    connect(m_copyPhone, &QToolButton::clicked, this,
            [this] { copy(m_profile->lead.phone, tr("phone number")); });
    connect(m_copyUrl, &QToolButton::clicked, this,
            [this] { copy(m_profile->lead.linkedinUrl, tr("profile URL")); });
    auto withCopy = [content](QLabel *label, QToolButton *button) {
        auto *row = new QWidget(content);
        auto *box = new QHBoxLayout(row);
        box->setContentsMargins(0, 0, 0, 0);
        box->addWidget(label, 1);
        box->addWidget(button);
        label->setProperty("row", QVariant::fromValue(row));
        return row;
    };
    m_form->addRow(tr("Company:"), m_company);
    m_form->addRow(tr("Position:"), m_position);
    m_form->addRow(tr("Seniority:"), m_seniority);
    m_form->addRow(tr("Industry:"), m_industry);
    m_form->addRow(tr("Employees:"), m_employees);
    m_form->addRow(tr("Website:"), m_website);
    m_form->addRow(tr("Email:"), withCopy(m_email, m_copyEmail));
    m_form->addRow(tr("Phone:"), withCopy(m_phone, m_copyPhone));
    m_form->addRow(tr("LinkedIn:"), withCopy(m_linkedin, m_copyUrl));
    m_form->addRow(tr("Connections:"), m_connections);
    m_form->addRow(tr("Followers:"), m_followers);
    layout->addLayout(m_form);

    m_summaryTitle = makeSectionTitle(tr("Summary"), content);
    m_summary = makeValueLabel(content, u"profileSummary"_s);
    m_experienceTitle = makeSectionTitle(tr("Experience"), content);
    m_experience = makeValueLabel(content, u"profileExperience"_s, Qt::RichText);
    m_educationTitle = makeSectionTitle(tr("Education"), content);
    m_education = makeValueLabel(content, u"profileEducation"_s, Qt::RichText);
    m_skillsTitle = makeSectionTitle(tr("Skills"), content);
    m_skills = new QWidget(content);
    m_skills->setObjectName(u"profileSkills"_s);
    m_skillsLayout = new FlowLayout(m_skills);
    m_campaignsTitle = makeSectionTitle(tr("Campaigns"), content);
    m_campaigns = makeValueLabel(content, u"profileCampaigns"_s, Qt::RichText);
    m_campaigns->setToolTip(tr("Click a campaign to select it in the campaign list"));
    connect(m_campaigns, &QLabel::linkActivated, this, [this](const QString &href) {
        bool ok = false;
        const qint64 rowId = href.mid(int(u"campaign:"_s.size())).toLongLong(&ok);
        if (ok)
            Q_EMIT campaignActivated(rowId);
    });
    const QList<QWidget *> sections
        = {m_summaryTitle, m_summary,     m_experienceTitle, m_experience,     m_educationTitle,
           m_education,    m_skillsTitle, m_skills,          m_campaignsTitle, m_campaigns};
    for (QWidget *widget : sections)
        layout->addWidget(widget);
    layout->addStretch();

    connect(m_photos, &PhotoLoader::loaded, this, [this](const QUrl &url, const QImage &image) {
        if (m_profile && QUrl(m_profile->lead.profilePictureUrl) == url && m_remoteImages)
            m_avatar->setPhoto(image);
    });
    setMinimumWidth(260);
}

ProfilePane::~ProfilePane() = default;

void ProfilePane::setDatabase(const QSqlDatabase &db)
{
    m_db = db;
}

void ProfilePane::setRemoteImages(bool enabled)
{
    if (m_remoteImages == enabled)
        return;
    m_remoteImages = enabled;
    loadPhoto();
}

qint64 ProfilePane::leadRowId() const
{
    return m_profile ? m_profile->rowId : 0;
}

void ProfilePane::showLead(qint64 leadRowId)
{
    if (leadRowId <= 0 || !m_db.isOpen()) {
        m_profile.reset();
    } else if (!m_profile || m_profile->rowId != leadRowId) {
        LeadProfiles::LoadResult result = LeadProfiles::load(m_db, leadRowId);
        if (result.status == LeadProfiles::LoadResult::Status::Failed)
            Q_EMIT message(result.error);
        m_profile = std::move(result.profile);
    } else {
        return; // already shown
    }
    populate();
}

void ProfilePane::reload()
{
    if (!m_profile)
        return;
    LeadProfiles::LoadResult result = LeadProfiles::load(m_db, m_profile->rowId);
    if (result.status == LeadProfiles::LoadResult::Status::Failed) {
        Q_EMIT message(result.error); // keep what is shown: the lead did not go away
        return;
    }
    m_profile = std::move(result.profile);
    populate();
}

void ProfilePane::populate()
{
    if (!m_profile) {
        m_photos->cancel();
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    m_stack->setCurrentIndex(1);
    const Lead &lead = m_profile->lead;
    const QLocale locale;

    QString name = lead.fullName;
    if (name.isEmpty())
        name = QStringList {lead.firstName, lead.lastName}.join(u' ').trimmed();
    setValue(m_name, name.isEmpty() ? tr("(no name)") : name);
    setValue(m_headline, lead.headline);
    m_headline->setVisible(!lead.headline.isEmpty());
    QStringList place;
    if (!lead.city.isEmpty())
        place << lead.city;
    if (!lead.country.isEmpty())
        place << lead.country;
    const QString location = place.isEmpty() ? lead.location : place.join(u", "_s);
    setValue(m_location, location);
    m_location->setVisible(!location.isEmpty());

    // The company, linked to its LinkedIn page when a search gave one.
    const QString company = lead.company.isEmpty() ? lead.companyLinkedinUrl : lead.company;
    const QString companyText = wrappable(company, MaxShortChars).toHtmlEscaped();
    m_company->setText(webLink(lead.companyLinkedinUrl, companyText));
    // The whole name when it was cut, and the page it links to.
    m_company->setToolTip(plainToolTip(
        QStringList {company.size() > MaxShortChars ? company : QString(), lead.companyLinkedinUrl}
            .join(u'\n')
            .trimmed()));
    setRow(m_form, m_company, !company.isEmpty());
    setValue(m_position, lead.jobPosition);
    setRow(m_form, m_position, !lead.jobPosition.isEmpty());
    for (const auto &[label, value] :
         {std::pair {m_seniority, &lead.seniority}, std::pair {m_industry, &lead.industry},
          std::pair {m_employees, &lead.employees}}) {
        setValue(label, *value);
        setRow(m_form, label, !value->isEmpty());
    }
    m_website->setText(webLink(lead.website, lead.website.toHtmlEscaped()));
    m_website->setToolTip(plainToolTip(lead.website));
    setRow(m_form, m_website, !lead.website.isEmpty());
    m_email->setText(link(u"mailto:"_s + lead.email, lead.email.toHtmlEscaped()));
    m_email->setToolTip(plainToolTip(lead.email));
    setRow(m_form, m_email->property("row").value<QWidget *>(), !lead.email.isEmpty());
    QString telephone = lead.phone;
    telephone.remove(u' ');
    m_phone->setText(link(u"tel:"_s + telephone, lead.phone.toHtmlEscaped()));
    m_phone->setToolTip(plainToolTip(lead.phone));
    setRow(m_form, m_phone->property("row").value<QWidget *>(), !lead.phone.isEmpty());
    m_linkedin->setText(
        link(lead.linkedinUrl,
             (lead.linkedinIdentifier.isEmpty() ? lead.linkedinUrl : lead.linkedinIdentifier)
                 .toHtmlEscaped()));
    m_linkedin->setToolTip(plainToolTip(lead.linkedinUrl));
    setRow(m_form, m_linkedin->property("row").value<QWidget *>(), !lead.linkedinUrl.isEmpty());
    m_connections->setText(lead.connections ? locale.toString(*lead.connections) : QString());
    setRow(m_form, m_connections, lead.connections.has_value());
    m_followers->setText(lead.followers ? locale.toString(*lead.followers) : QString());
    setRow(m_form, m_followers, lead.followers.has_value());
    fitOneLineValues();

    setValue(m_summary, lead.summary, MaxLongChars);
    m_summaryTitle->setVisible(!lead.summary.isEmpty());
    m_summary->setVisible(!lead.summary.isEmpty());

    QStringList jobs;
    for (const Experience &job : lead.experience) {
        QStringList parts;
        if (!job.company.isEmpty())
            parts << html(job.company);
        if (!job.duration.isEmpty())
            parts << html(job.duration);
        jobs << u"<b>"_s + html(job.title) + u"</b><br>"_s + parts.join(u" · "_s);
    }
    m_experience->setText(jobs.join(u"<br><br>"_s));
    m_experienceTitle->setVisible(!jobs.isEmpty());
    m_experience->setVisible(!jobs.isEmpty());

    QStringList schools;
    for (const Education &school : lead.education) {
        schools << u"<b>"_s + html(school.school) + u"</b>"_s
                + (school.degree.isEmpty() ? QString() : u"<br>"_s + html(school.degree));
    }
    m_education->setText(schools.join(u"<br><br>"_s));
    m_educationTitle->setVisible(!schools.isEmpty());
    m_education->setVisible(!schools.isEmpty());

    m_skillsLayout->clear();
    for (const QString &skill : lead.skills) {
        auto *chip = new QLabel(wrappable(skill, 80), m_skills);
        chip->setTextFormat(Qt::PlainText);
        // Palette roles only, so chips follow the light or dark theme.
        chip->setStyleSheet(u"QLabel { border: 1px solid palette(mid); border-radius: 8px; "
                            "padding: 1px 8px; background: palette(alternate-base); }"_s);
        m_skillsLayout->addWidget(chip);
    }
    m_skillsTitle->setVisible(!lead.skills.isEmpty());
    m_skills->setVisible(!lead.skills.isEmpty());

    QStringList campaigns;
    for (const LeadProfile::CampaignRef &ref : m_profile->campaigns) {
        const QString when = ref.receivedAtMs > 0
            ? locale.toString(QDateTime::fromMSecsSinceEpoch(ref.receivedAtMs).date(),
                              QLocale::ShortFormat)
            : QString();
        campaigns << link(u"campaign:"_s + QString::number(ref.rowId),
                          html(ref.name.isEmpty() ? ref.campaignId : ref.name))
                + (when.isEmpty() ? QString() : u" ("_s + when + u')');
    }
    m_campaigns->setText(campaigns.join(u"<br>"_s));
    m_campaignsTitle->setVisible(!campaigns.isEmpty());
    m_campaigns->setVisible(!campaigns.isEmpty());

    m_avatar->setInitials(LeadProfiles::initials(lead));
    loadPhoto();
}

void ProfilePane::loadPhoto()
{
    m_avatar->clearPhoto();
    m_photos->cancel();
    if (!m_profile || !m_remoteImages || m_profile->lead.profilePictureUrl.isEmpty())
        return;
    m_photos->load(QUrl(m_profile->lead.profilePictureUrl));
}

QToolButton *ProfilePane::makeCopyButton(const QString &toolTip)
{
    auto *button = new QToolButton(this);
    button->setIcon(QIcon::fromTheme(u"edit-copy"_s));
    if (button->icon().isNull())
        button->setText(tr("Copy"));
    button->setToolTip(toolTip);
    button->setAutoRaise(true);
    return button;
}

void ProfilePane::copy(const QString &text, const QString &what)
{
    if (!m_profile)
        return;
    QGuiApplication::clipboard()->setText(text);
    Q_EMIT message(tr("Copied the %1").arg(what));
}

void ProfilePane::fitOneLineValues()
{
    // The email, phone and profile cannot wrap (no break points, so that selected text copies
    // as it is): each asks for its text's width, so that a narrow pane puts it under its label
    // (QFormLayout::WrapLongRows) instead of cutting it off. The bound is what the pane holds
    // at its minimum width beside the copy button and a scroll bar, a constant: a bound that
    // followed the viewport would change the layout that changes the viewport. Longer values
    // are cut only while the pane is that narrow; the tooltip and copy button hold them whole.
    const QMargins margins = m_scroll->widget()->layout()->contentsMargins();
    const QLayout *row = m_email->property("row").value<QWidget *>()->layout();
    const int bound = minimumWidth() - style()->pixelMetric(QStyle::PM_ScrollBarExtent)
        - margins.left() - margins.right() - m_copyEmail->sizeHint().width()
        - std::max(0, row->spacing());
    const Lead &lead = m_profile->lead;
    const QList<std::pair<QLabel *, QString>> values {
        {m_email, lead.email},
        {m_phone, lead.phone},
        {m_linkedin,
         lead.linkedinIdentifier.isEmpty() ? lead.linkedinUrl : lead.linkedinIdentifier},
        {m_website, lead.website},
    };
    for (const auto &[label, text] : values) {
        const int width = label->fontMetrics().horizontalAdvance(text) + 2;
        label->setMinimumWidth(std::clamp(width, 1, std::max(1, bound)));
    }
}
