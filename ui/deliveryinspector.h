// SPDX-License-Identifier: MIT
#pragma once

#include "models/deliverydetailloader.h"

#include <QWidget>

class JsonTreeModel;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTreeView;

/// The Deliveries tab's right side: one delivery as received and as answered. The request's
/// line, headers and body (a collapsible JSON tree, or the bytes as received), the answer we
/// sent, and what became of its event. The delivery is read on DeliveryDetailLoader's thread;
/// meanwhile the pane says it is loading, and a result for a delivery no longer selected is
/// dropped.
class DeliveryInspector final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveryInspector)

public:
    explicit DeliveryInspector(QWidget *parent = nullptr);
    ~DeliveryInspector() override;

    void setDatabasePath(const QString &path);
    /// Shows delivery \a deliveryId (0: none) once read; until then, "Loading…".
    void showDelivery(qint64 deliveryId);

    /// The delivery shown; id 0 while loading or when none is selected.
    const DeliveryDetail &currentDetail() const { return m_shown.detail; }
    bool isLoading() const { return m_loadingId != 0; }
    QTreeView *jsonView() const { return m_tree; }
    JsonTreeModel *jsonModel() const { return m_json; }
    QPushButton *reingestButton() const { return m_reingest; }

Q_SIGNALS:
    void reingestRequested(const QByteArray &body, const QString &source);
    /// Delivery \a deliveryId is on screen, everything about it filled in (after the worker's
    /// read and the widgets' update on the GUI thread).
    void deliveryShown(qint64 deliveryId);

private:
    void showLoaded(const DeliveryInspection &inspection);
    void showNothing(const QString &message);
    QString summaryText() const;
    void updateBodyView();
    void updateBodyNote();

    DeliveryDetailLoader *m_loader;
    JsonTreeModel *m_json;
    QLabel *m_summary;
    QPlainTextEdit *m_response;
    QPlainTextEdit *m_headers;
    QLabel *m_activity;
    QCheckBox *m_raw;
    QPushButton *m_reingest;
    QLabel *m_bodyNote;
    QStackedWidget *m_bodyStack;
    QTreeView *m_tree;
    QPlainTextEdit *m_rawText;
    QLabel *m_placeholder;
    qint64 m_loadingId = 0;
    DeliveryInspection m_shown; ///< the delivery shown, its body parsed and as text
    bool m_rawTextSet = false; ///< m_rawText holds m_shown's text (set when first shown)
};
