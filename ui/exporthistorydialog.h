// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QSqlDatabase>

class ExportHistoryModel;
class QLabel;
class QTableView;

/// File › Export History: the exports written so far, newest first (ExportHistoryModel), with
/// a line saying what "marked" means for the "Not yet exported" filter.
class ExportHistoryDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportHistoryDialog)

public:
    /// \a db: the window's read-only connection.
    explicit ExportHistoryDialog(const QSqlDatabase &db, QWidget *parent = nullptr);
    ~ExportHistoryDialog() override;

    ExportHistoryModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    /// Reads the history again (after an export while the dialog is open).
    void refresh();

private:
    ExportHistoryModel *m_model;
    QTableView *m_table;
    QLabel *m_hint;
};
