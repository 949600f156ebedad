// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadfieldfilters.h"

#include <QFrame>

class QCheckBox;
class QLabel;
class QLineEdit;

/*!
    The filter bar's editor: a popup form with one field per criterion (company, job position,
    location, campaign name, enriched, connections and followers ranges). Every edit is
    reported at once (the bar debounces); Escape or a click outside closes it, Enter too. Tab
    moves through the fields in reading order.
*/
class LeadFilterPopup final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LeadFilterPopup)

public:
    explicit LeadFilterPopup(QWidget *parent = nullptr);
    ~LeadFilterPopup() override;

    LeadFieldFilters filters() const;
    /// Shows \a filters without reporting an edit.
    void setFilters(const LeadFieldFilters &filters);
    /// Opens below \a anchor, the first field focused.
    void popup(QWidget *anchor);

    QLineEdit *companyEdit() const { return m_company; }
    QLineEdit *positionEdit() const { return m_position; }
    QLineEdit *locationEdit() const { return m_location; }
    QLineEdit *industryEdit() const { return m_industry; }
    QLineEdit *seniorityEdit() const { return m_seniority; }
    QLineEdit *campaignEdit() const { return m_campaign; }
    QCheckBox *enrichedBox() const { return m_enriched; }
    QLineEdit *connectionsMinEdit() const { return m_connectionsMin; }
    QLineEdit *connectionsMaxEdit() const { return m_connectionsMax; }
    QLineEdit *followersMinEdit() const { return m_followersMin; }
    QLineEdit *followersMaxEdit() const { return m_followersMax; }
    /// What the form warns of (a range whose minimum is above its maximum); empty when none.
    QString warning() const;

Q_SIGNALS:
    void edited();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QLineEdit *numberEdit(const QString &placeholder, const QString &accessibleName);
    void updateWarning();

    QLineEdit *m_company;
    QLineEdit *m_position;
    QLineEdit *m_location;
    QLineEdit *m_industry;
    QLineEdit *m_seniority;
    QLineEdit *m_campaign;
    QCheckBox *m_enriched;
    QLineEdit *m_connectionsMin = nullptr;
    QLineEdit *m_connectionsMax = nullptr;
    QLineEdit *m_followersMin = nullptr;
    QLineEdit *m_followersMax = nullptr;
    QLabel *m_warning;
    bool m_setting = false;
};
