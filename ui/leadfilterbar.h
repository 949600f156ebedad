// SPDX-License-Identifier: MIT
#pragma once

#include "query/leadfieldfilters.h"

#include <QList>
#include <QWidget>

class FlowLayout;
class LeadFilterPopup;
class QAbstractButton;
class QLabel;
class QTimer;
class QToolButton;

/*!
    The lead table's filters by field: a "Filters" button that opens the editor
    (LeadFilterPopup), and one chip per active criterion ("Company: acme ×"). A chip's ×
    button clears its criterion (Tab reaches it, Space or Delete clears). A hint line says how
    the filters combine. Edits are applied after typing pauses, like the search box.
*/
class LeadFilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LeadFilterBar)

public:
    /// Which criterion a chip shows.
    enum class Criterion {
        Company,
        JobPosition,
        Location,
        Industry,
        Seniority,
        Campaign,
        Enriched,
        Connections,
        Followers
    };
    Q_ENUM(Criterion)

    explicit LeadFilterBar(QWidget *parent = nullptr);
    ~LeadFilterBar() override;

    LeadFieldFilters filters() const { return m_filters; }
    /// Shows \a filters (popup and chips) and reports filtersChanged() if they differ.
    void setFilters(const LeadFieldFilters &filters);
    void clearAll();

    QToolButton *filtersButton() const { return m_button; }
    LeadFilterPopup *popup() const { return m_popup; }
    /// The chips' clear buttons, in chip order.
    QList<QAbstractButton *> chipClearButtons() const;
    /// The chips' texts, in chip order ("Company: acme").
    QStringList chipTexts() const;

    /// The text a chip shows for \a criterion of \a filters (empty when it is not set).
    static QString chipText(const LeadFieldFilters &filters, Criterion criterion);
    /// \a filters without \a criterion.
    static LeadFieldFilters cleared(LeadFieldFilters filters, Criterion criterion);

Q_SIGNALS:
    void filtersChanged();

private:
    void applyPopup();
    void rebuildChips();
    void updateButton();

    LeadFieldFilters m_filters;
    QToolButton *m_button;
    LeadFilterPopup *m_popup;
    QWidget *m_chips;
    FlowLayout *m_chipLayout;
    QLabel *m_hint;
    QTimer *m_debounce;
};
