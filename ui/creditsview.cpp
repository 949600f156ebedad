// SPDX-License-Identifier: MIT
#include "creditsview.h"

#include "accentcolors.h"
#include "accountcreditspanel.h"

#include "models/creditsmodel.h"
#include "models/modelroles.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

using namespace Qt::StringLiterals;

namespace {
enum Scope : int { AllCampaigns = -1, SelectedCampaigns = -2 };

/// Room the y axis, its title and the chart margins take from the view's width (pixels).
constexpr int ChartSideRoom = 110;
/// Space between two x-axis labels (pixels).
constexpr int LabelGap = 16;
} // namespace

CreditsView::CreditsView(QWidget *parent)
    : QWidget(parent)
    , m_model(new CreditsModel(this))
    , m_account(new AccountCreditsPanel(this))
    , m_table(new QTableView(this))
    , m_scope(new QComboBox(this))
    , m_range(new QComboBox(this))
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
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_scope->setObjectName(u"creditsScope"_s);
    m_scope->setToolTip(tr("Which campaigns the chart adds up"));
    m_scope->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &CreditsView::updateChart);

    m_range->setObjectName(u"creditsRange"_s);
    m_range->setToolTip(tr("Which days the chart covers. Long ranges are added up per week or "
                           "per month, so every bar stays readable."));
    m_range->addItem(tr("All time"), int(Range::All));
    m_range->addItem(tr("Last 30 days"), int(Range::Last30Days));
    m_range->addItem(tr("Last 90 days"), int(Range::Last90Days));
    m_range->addItem(tr("Last 12 months"), int(Range::Last12Months));
    connect(m_range, &QComboBox::currentIndexChanged, this, &CreditsView::updateChart);

    m_chart->setTitle(tr("Credits per day"));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chartView->setObjectName(u"creditsChart"_s);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);
    // The number of x-axis labels that fit depends on the plot area's width.
    connect(m_chart, &QChart::plotAreaChanged, this, &CreditsView::updateAxisLabels);

    auto *chartBox = new QWidget(this);
    auto *chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    auto *label = new QLabel(tr("Chart &campaigns:"), chartBox);
    label->setBuddy(m_scope);
    bar->addWidget(label);
    bar->addWidget(m_scope);
    auto *rangeLabel = new QLabel(tr("&Range:"), chartBox);
    rangeLabel->setBuddy(m_range);
    bar->addSpacing(12);
    bar->addWidget(rangeLabel);
    bar->addWidget(m_range);
    bar->addStretch();
    chartLayout->addLayout(bar);
    chartLayout->addWidget(m_chartView, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(u"creditsSplitter"_s);
    splitter->addWidget(m_table);
    splitter->addWidget(chartBox);
    splitter->setStretchFactor(1, 1);
    // Room for a handful of campaign rows and the total above the chart.
    splitter->setSizes({260, 440});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_account);
    layout->addWidget(splitter, 1);
    rebuildScopeCombo();
    updateChart();
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
    // Hundreds of rows at most: measuring the columns is cheap here. Every column at least as
    // wide as its header, so no title is clipped.
    m_table->resizeColumnsToContents();
    QHeaderView *header = m_table->horizontalHeader();
    for (int column = 0; column < m_model->columnCount(); ++column)
        header->resizeSection(column,
                              qMax(header->sectionSize(column), header->sectionSizeHint(column)));
    header->resizeSection(CreditsModel::Campaign,
                          qBound(160, header->sectionSize(CreditsModel::Campaign), 320));
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

void CreditsView::setChartCampaign(qint64 campaignRowId)
{
    const int index = m_scope->findData(campaignRowId > 0 ? campaignRowId : qint64(AllCampaigns));
    if (index >= 0)
        m_scope->setCurrentIndex(index);
}

CreditsView::Range CreditsView::range() const
{
    return Range(m_range->currentData().toInt());
}

void CreditsView::setRange(Range range)
{
    m_range->setCurrentIndex(m_range->findData(int(range)));
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

QString CreditsView::bucketLabel(const CreditBuckets::Bucket &bucket) const
{
    const QLocale locale;
    switch (m_granularity) {
    case CreditBuckets::Granularity::Month:
        return locale.toString(bucket.first, u"MMM yyyy"_s);
    case CreditBuckets::Granularity::Day:
    case CreditBuckets::Granularity::Week:
        break;
    }
    return locale.toString(bucket.first, m_spansYears ? u"d MMM yyyy"_s : u"d MMM"_s);
}

QString CreditsView::bucketToolTip(int index) const
{
    if (index < 0 || index >= m_buckets.size())
        return {};
    const CreditBuckets::Bucket &bucket = m_buckets.at(index);
    const QLocale locale;
    QString when;
    switch (m_granularity) {
    case CreditBuckets::Granularity::Day:
        when = locale.toString(bucket.first, QLocale::LongFormat);
        break;
    case CreditBuckets::Granularity::Week:
        when = tr("Week of %1").arg(locale.toString(bucket.first, QLocale::LongFormat));
        break;
    case CreditBuckets::Granularity::Month:
        when = locale.toString(bucket.first, u"MMMM yyyy"_s);
        break;
    }
    return tr("%1\nExtraction: %2 credits\nEnrichment: %3 credits\nTotal: %4 credits")
        .arg(when, locale.toString(bucket.extraction), locale.toString(bucket.enrichment),
             locale.toString(bucket.total()));
}

void CreditsView::updateChart()
{
    const QList<DailyCredits> days = m_model->daily(chartCampaigns());

    // The range: all days with credits, or the last N days up to today (UTC, like the days).
    QDate from;
    QDate to;
    const QDate today = QDateTime::currentDateTimeUtc().date();
    switch (range()) {
    case Range::All:
        if (!days.isEmpty()) {
            from = days.constFirst().day;
            to = days.constLast().day;
        }
        break;
    case Range::Last30Days:
        from = today.addDays(-29);
        to = today;
        break;
    case Range::Last90Days:
        from = today.addDays(-89);
        to = today;
        break;
    case Range::Last12Months:
        from = QDate(today.year(), today.month(), 1).addMonths(-11);
        to = today;
        break;
    }
    m_granularity = CreditBuckets::granularityFor(from, to);
    m_buckets = CreditBuckets::bucket(days, m_granularity, from, to);
    m_spansYears = !m_buckets.isEmpty()
        && m_buckets.constFirst().first.year() != m_buckets.constLast().last.year();

    m_chart->removeAllSeries();
    const QList<QAbstractAxis *> axes = m_chart->axes();
    for (QAbstractAxis *axis : axes) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    switch (m_granularity) {
    case CreditBuckets::Granularity::Day:
        m_chart->setTitle(tr("Credits per day"));
        break;
    case CreditBuckets::Granularity::Week:
        m_chart->setTitle(tr("Credits per week"));
        break;
    case CreditBuckets::Granularity::Month:
        m_chart->setTitle(tr("Credits per month"));
        break;
    }

    auto *extraction = new QBarSet(tr("Extraction"));
    auto *enrichment = new QBarSet(tr("Enrichment"));
    qint64 top = 0;
    for (const CreditBuckets::Bucket &bucket : std::as_const(m_buckets)) {
        extraction->append(qreal(bucket.extraction));
        enrichment->append(qreal(bucket.enrichment));
        top = qMax(top, bucket.total());
    }
    const QPalette pal = palette();
    // Not Highlight and Link: two similar blues in most palettes.
    extraction->setColor(AccentColors::firstSeries(pal));
    extraction->setBorderColor(AccentColors::firstSeries(pal));
    enrichment->setColor(AccentColors::secondSeries(pal));
    enrichment->setBorderColor(AccentColors::secondSeries(pal));
    for (QBarSet *set : {extraction, enrichment}) {
        set->setLabelColor(pal.color(QPalette::Text));
        connect(set, &QBarSet::hovered, this, [this](bool status, int index) {
            if (status)
                QToolTip::showText(QCursor::pos(), bucketToolTip(index), m_chartView);
            else
                QToolTip::hideText();
        });
    }

    auto *series = new QStackedBarSeries;
    series->append(extraction);
    series->append(enrichment);
    series->setBarWidth(0.7);
    m_chart->addSeries(series);
    // A category axis over the bar positions (bar i sits at x = i), labelled on a subset of
    // the bars: a QBarCategoryAxis gives every bar a label and elides them all to "..." when
    // there are many.
    auto *xAxis = new QCategoryAxis;
    xAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    xAxis->setGridLineVisible(false);
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
    m_labelStep = 0;
    updateAxisLabels();

    // Follow the system palette rather than a Charts theme, so dark mode works.
    m_chart->setBackgroundBrush(pal.brush(QPalette::Base));
    m_chart->setTitleBrush(pal.brush(QPalette::Text));
    m_chart->legend()->setLabelColor(pal.color(QPalette::Text));
    m_chart->setToolTip(m_buckets.isEmpty() ? tr("No credits spent in this range") : QString());
}

void CreditsView::updateAxisLabels()
{
    const QList<QAbstractAxis *> axes = m_chart->axes(Qt::Horizontal);
    auto *axis = axes.isEmpty() ? nullptr : qobject_cast<QCategoryAxis *>(axes.constFirst());
    if (!axis)
        return;
    const int count = int(m_buckets.size());
    // As many labels as fit side by side, evenly spaced, the first bar always labelled.
    const QFontMetrics metrics(axis->labelsFont());
    int widest = 1;
    for (const CreditBuckets::Bucket &bucket : std::as_const(m_buckets))
        widest = qMax(widest, metrics.horizontalAdvance(bucketLabel(bucket)));
    const qreal plotWidth = m_chart->plotArea().width();
    const int room = qMax(1, plotWidth > 1 ? int(plotWidth) : m_chartView->width() - ChartSideRoom);
    const int fitting = qMax(1, room / (widest + LabelGap));
    const int step = qMax(1, (count + fitting - 1) / fitting);
    if (step == m_labelStep && axis->count() > 0)
        return;
    m_labelStep = step;
    const QStringList old = axis->categoriesLabels();
    for (const QString &label : old)
        axis->remove(label);
    axis->setStartValue(-0.5);
    for (int i = 0; i < count; i += step)
        axis->append(bucketLabel(m_buckets.at(i)), i);
    axis->setRange(-0.5, qMax(0, count - 1) + 0.5);
}

void CreditsView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateChart();
}
