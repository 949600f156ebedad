// SPDX-License-Identifier: MIT
#pragma once

#include "models/leadprofile.h"

#include <QSqlDatabase>
#include <QWidget>
#include <optional>

class AvatarWidget;
class EmptyState;
class FlowLayout;
class PhotoLoader;
class QFormLayout;
class QScrollArea;
class QLabel;
class QStackedWidget;
class QToolButton;

/// Everything known about one lead: photo (or initials), name, headline, where they work, how
/// to reach them, their experience, education and skills, and the campaigns they appear in.
class ProfilePane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfilePane)

public:
    /// \a photoCacheDirectory empty: the application's cache location.
    explicit ProfilePane(const QString &photoCacheDirectory = {}, QWidget *parent = nullptr);
    ~ProfilePane() override;

    void setDatabase(const QSqlDatabase &db);
    /// Off: photos are never fetched; the initials show instead.
    void setRemoteImages(bool enabled);
    bool remoteImages() const { return m_remoteImages; }

    /// Loads and shows the lead with this leads.id (0 clears the pane).
    void showLead(qint64 leadRowId);
    /// Loads the shown lead again (after new data arrived).
    void reload();
    qint64 leadRowId() const;
    const std::optional<LeadProfile> &profile() const { return m_profile; }
    AvatarWidget *avatar() const { return m_avatar; }

Q_SIGNALS:
    /// The user clicked one of the person's campaigns.
    void campaignActivated(qint64 campaignRowId);
    /// A status bar message ("Copied the email address").
    void message(const QString &text);

private:
    void populate();
    void fitOneLineValues();
    void loadPhoto();
    QToolButton *makeCopyButton(const QString &toolTip);
    void copy(const QString &text, const QString &what);

    QSqlDatabase m_db;
    bool m_remoteImages = false;
    std::optional<LeadProfile> m_profile;
    PhotoLoader *m_photos;

    QStackedWidget *m_stack;
    QScrollArea *m_scroll = nullptr;
    EmptyState *m_empty;
    AvatarWidget *m_avatar;
    QLabel *m_name;
    QLabel *m_headline;
    QLabel *m_location;
    QFormLayout *m_form;
    QLabel *m_company;
    QLabel *m_position;
    // What a Lead Database search gives (issue 12 item 8); rows hidden when empty.
    QLabel *m_seniority;
    QLabel *m_industry;
    QLabel *m_employees;
    QLabel *m_website;
    QLabel *m_email;
    QToolButton *m_copyEmail;
    QLabel *m_phone;
    QToolButton *m_copyPhone;
    QLabel *m_linkedin;
    QToolButton *m_copyUrl;
    QLabel *m_connections;
    QLabel *m_followers;
    QLabel *m_summaryTitle;
    QLabel *m_summary;
    QLabel *m_experienceTitle;
    QLabel *m_experience;
    QLabel *m_educationTitle;
    QLabel *m_education;
    QLabel *m_skillsTitle;
    QWidget *m_skills;
    FlowLayout *m_skillsLayout;
    QLabel *m_campaignsTitle;
    QLabel *m_campaigns;
};
