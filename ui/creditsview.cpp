// SPDX-License-Identifier: MIT
#include "creditsview.h"

#include "models/creditsmodel.h"
#include "models/modelroles.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

using namespace Qt::StringLiterals;

namespace {
enum Scope : int { AllCampaigns = -1, SelectedCampaigns = -2 };
}

CreditsView::CreditsView(QWidget *parent)
    : QWidget(parent)
    , m_model(new CreditsModel(this))
    , m_table(new QTableView(this))
    , m_scope(new QComboBox(this))
    , m_chart(new QChart)
    , m_chartView(new QChartView(m_chart, this))
{
    m_table->setObjectName(u"creditsTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->resizeSection(CreditsModel::Campaign, 240);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_scope->setObjectName(u"creditsScope"_s);
    m_scope->setToolTip(tr("Which campaigns the chart adds up"));
    m_scope->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &CreditsView::updateChart);

    m_chart->setTitle(tr("Credits per day"));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);

    auto *chartBox = new QWidget(this);
    auto *chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    auto *label = new QLabel(tr("Chart &campaigns:"), chartBox);
    label->setBuddy(m_scope);
    bar->addWidget(label);
    bar->addWidget(m_scope);
    bar->addStretch();
    chartLayout->addLayout(bar);
    chartLayout->addWidget(m_chartView, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(u"creditsSplitter"_s);
    splitter->addWidget(m_table);
    splitter->addWidget(chartBox);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    rebuildScopeCombo();
}

CreditsView::~CreditsView() = default;

void CreditsView::setDatabase(const QSqlDatabase &db)
{
    m_model->setDatabase(db);
    refresh();
}

void CreditsView::refresh()
{
    m_model->refresh();
    // Hundreds of rows at most: measuring the columns is cheap here.
    m_table->resizeColumnsToContents();
    rebuildScopeCombo();
    updateChart();
}

void CreditsView::setSelectedCampaigns(const QList<qint64> &campaignRowIds)
{
    m_selected = campaignRowIds;
    if (m_scope->currentData().toInt() == SelectedCampaigns)
        updateChart();
}

QList<qint64> CreditsView::chartCampaigns() const
{
    const QVariant data = m_scope->currentData();
    if (!data.isValid() || data.toLongLong() == AllCampaigns)
        return {};
    if (data.toLongLong() == SelectedCampaigns)
        return m_selected;
    return {data.toLongLong()};
}

void CreditsView::rebuildScopeCombo()
{
    const QVariant current = m_scope->currentData();
    const QSignalBlocker blocker(m_scope);
    m_scope->clear();
    m_scope->addItem(tr("All campaigns"), qint64(AllCampaigns));
    m_scope->addItem(tr("Campaigns selected in the list"), qint64(SelectedCampaigns));
    // Every campaign row of the model; the last row is the total.
    for (int row = 0; row + 1 < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row, CreditsModel::Campaign);
        const QVariant rowId = index.data(ModelRoles::RowIdRole);
        if (rowId.isValid())
            m_scope->addItem(index.data().toString(), rowId.toLongLong());
    }
    const int found = current.isValid() ? m_scope->findData(current) : 0;
    m_scope->setCurrentIndex(found >= 0 ? found : 0);
}

void CreditsView::updateChart()
{
    const QList<DailyCredits> days = m_model->daily(chartCampaigns());
    m_chart->removeAllSeries();
    const QList<QAbstractAxis *> axes = m_chart->axes();
    for (QAbstractAxis *axis : axes) {
        m_chart->removeAxis(axis);
        delete axis;
    }

    auto *extraction = new QBarSet(tr("Extraction"));
    auto *enrichment = new QBarSet(tr("Enrichment"));
    QStringList categories;
    qint64 top = 0;
    const QLocale locale;
    for (const DailyCredits &day : days) {
        extraction->append(qreal(day.extraction));
        enrichment->append(qreal(day.enrichment));
        categories << locale.toString(day.day, u"d MMM"_s);
        top = qMax(top, day.extraction + day.enrichment);
    }
    const QPalette pal = palette();
    extraction->setColor(pal.color(QPalette::Highlight));
    extraction->setBorderColor(pal.color(QPalette::Highlight));
    enrichment->setColor(pal.color(QPalette::Link));
    enrichment->setBorderColor(pal.color(QPalette::Link));
    for (QBarSet *set : {extraction, enrichment})
        set->setLabelColor(pal.color(QPalette::Text));

    auto *series = new QStackedBarSeries;
    series->append(extraction);
    series->append(enrichment);
    m_chart->addSeries(series);
    auto *xAxis = new QBarCategoryAxis;
    xAxis->append(categories);
    auto *yAxis = new QValueAxis;
    yAxis->setRange(0, top > 0 ? qreal(top) * 1.1 : 1.0);
    yAxis->applyNiceNumbers();
    yAxis->setLabelFormat(u"%d"_s);
    yAxis->setTitleText(tr("Credits"));
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(xAxis), static_cast<QAbstractAxis *>(yAxis)}) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setTitleBrush(pal.color(QPalette::Text));
        axis->setGridLineColor(pal.color(QPalette::Mid));
        axis->setLinePenColor(pal.color(QPalette::Mid));
    }
    m_chart->addAxis(xAxis, Qt::AlignBottom);
    m_chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(xAxis);
    series->attachAxis(yAxis);

    // Follow the system palette rather than a Charts theme, so dark mode works.
    m_chart->setBackgroundBrush(pal.brush(QPalette::Base));
    m_chart->setTitleBrush(pal.brush(QPalette::Text));
    m_chart->legend()->setLabelColor(pal.color(QPalette::Text));
    m_chart->setToolTip(days.isEmpty() ? tr("No credits spent yet") : QString());
}

void CreditsView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateChart();
}
