// SPDX-License-Identifier: MIT
#include "settingsdialog.h"

#include "apisettingsbox.h"
#include "secretlistedit.h"

#include "common/settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 MiB = 1024 * 1024;
}

SettingsDialog::SettingsDialog(Settings *settings, IngestService *service,
                               const EndpointConfig &current, QWidget *parent,
                               SendPilotAccount *account)
    : QDialog(parent)
    , m_settings(settings)
    , m_service(service)
    , m_current(current)
    , m_address(new QComboBox(this))
    , m_port(new QSpinBox(this))
    , m_path(new QLineEdit(this))
    , m_publicUrl(new QLineEdit(this))
    , m_secrets(new SecretListEdit(this))
    , m_bodyLimit(new QSpinBox(this))
    , m_remoteImages(new QCheckBox(tr("Load profile &photos from the internet"), this))
    , m_database(new QLineEdit(this))
    , m_hint(new QLabel(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(
          QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Settings"));

    m_address->setEditable(true);
    m_address->addItem(u"127.0.0.1"_s);
    m_address->addItem(u"0.0.0.0"_s);
    m_address->addItem(u"::1"_s);
    m_address->setItemData(0, tr("This computer only (a tunnel runs here)"), Qt::ToolTipRole);
    m_address->setItemData(1, tr("Every network interface: reachable from the local network"),
                           Qt::ToolTipRole);
    m_address->setCurrentText(current.address.toString());
    m_address->setToolTip(tr("127.0.0.1 keeps the endpoint private to this computer; a tunnel "
                             "on this computer still reaches it."));
    // 0 is "any free port" (--listen 127.0.0.1:0): shown as such, and kept as 0 when applied,
    // so that OK neither moves the endpoint to port 1 nor to another free port.
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("Any free port"));
    m_port->setValue(current.port);
    m_port->setGroupSeparatorShown(false);
    m_path->setText(current.path);
    m_path->setToolTip(tr("The URL path SendPilot posts to, starting with /"));
    m_publicUrl->setObjectName(u"publicUrl"_s);
    m_publicUrl->setText(current.publicUrl);
    m_publicUrl->setPlaceholderText(tr("none: no tunnel in front"));
    m_publicUrl->setToolTip(tr("The public URL of the tunnel in front of this receiver, for "
                               "example https://example.trycloudflare.com. Set, the deliveries "
                               "show the client address the tunnel forwards beside the peer "
                               "(which is then always this computer). Leave it empty without a "
                               "tunnel: anyone can send those headers."));
    m_secrets->setSecrets(current.secrets);
    m_secrets->setToolTip(tr("The signing secret from SendPilot's webhook settings. Without "
                             "one, events are accepted unverified."));
    m_bodyLimit->setRange(1, 1024);
    m_bodyLimit->setSuffix(tr(" MiB"));
    m_bodyLimit->setValue(int(qMax<qint64>(1, current.maxBodyBytes / MiB)));
    m_bodyLimit->setToolTip(tr("Larger requests are refused with 413. A 10,000-lead event is "
                               "about 12 MiB."));
    m_remoteImages->setChecked(settings->remoteImages());
    m_remoteImages->setToolTip(tr("Off: no request leaves this computer for a photo; initials "
                                  "show instead."));

    auto *endpoint = new QGroupBox(tr("Webhook endpoint"), this);
    auto *form = new QFormLayout(endpoint);
    form->addRow(tr("&Address:"), m_address);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("P&ath:"), m_path);
    form->addRow(tr("Public &URL:"), m_publicUrl);
    form->addRow(tr("&Secrets:"), m_secrets);
    form->addRow(tr("&Body limit:"), m_bodyLimit);
    m_database->setObjectName(u"databaseFile"_s);
    m_database->setText(QDir::toNativeSeparators(current.databasePath));
    m_database->setToolTip(tr("The SQLite file that holds every event, campaign and lead. A "
                              "file that does not exist yet is created."));
    auto *browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, &SettingsDialog::browseDatabase);
    auto *databaseRow = new QHBoxLayout;
    databaseRow->addWidget(m_database, 1);
    databaseRow->addWidget(browse);
    auto *store = new QGroupBox(tr("Store"), this);
    auto *storeForm = new QFormLayout(store);
    // The field is a row of two widgets: the label's buddy is set by hand.
    auto *databaseLabel = new QLabel(tr("Database &file:"), store);
    databaseLabel->setBuddy(m_database);
    storeForm->addRow(databaseLabel, databaseRow);
    auto *viewer = new QGroupBox(tr("Viewer"), this);
    auto *viewerLayout = new QVBoxLayout(viewer);
    viewerLayout->addWidget(m_remoteImages);

    m_hint->setObjectName(u"settingsHint"_s);
    m_hint->setWordWrap(true);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setObjectName(u"settingsError"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_error->font();
    bold.setBold(true);
    m_error->setFont(bold);
    m_error->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(endpoint);
    layout->addWidget(store);
    if (account) {
        m_api = new ApiSettingsBox(account, this);
        layout->addWidget(m_api);
    }
    layout->addWidget(viewer);
    layout->addWidget(m_hint);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_port, &QSpinBox::valueChanged, this, &SettingsDialog::updateHint);
    connect(m_path, &QLineEdit::textChanged, this, &SettingsDialog::updateHint);
    connect(m_address, &QComboBox::currentTextChanged, this, &SettingsDialog::updateHint);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply())
            accept();
    });
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &SettingsDialog::apply);
    updateHint();
    resize(560, sizeHint().height());
    if (!service->storeOpen()) {
        showError(tr("No database is open. Choose a database file and apply."));
    } else if (!service->isListening()) {
        const QString why = service->listenError();
        showError(why.isEmpty() ? tr("The endpoint is not listening. Pick a free port or "
                                     "another address and apply.")
                                : tr("The endpoint is not listening: %1\nPick a free port or "
                                     "another address and apply.")
                                      .arg(why));
    }
}

SettingsDialog::~SettingsDialog() = default;

QString SettingsDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void SettingsDialog::updateHint()
{
    // "Any free port": the tunnel needs the one the endpoint got.
    int port = m_port->value();
    if (port == 0 && m_service->isListening())
        port = m_service->url().port();
    QString path = m_path->text().trimmed();
    if (!path.startsWith(u'/'))
        path.prepend(u'/');
    m_hint->setText(
        tr("SendPilot delivers only to a public HTTPS URL. Start a tunnel to the local port, "
           "for example \"cloudflared tunnel --url http://127.0.0.1:%1\" or \"ngrok http %1\", "
           "and give SendPilot the tunnel's https address followed by %2.")
            .arg(port)
            .arg(path));
}

void SettingsDialog::showError(const QString &error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    // The message takes room of its own: the dialog grows rather than squeezing the rows above
    // it (the secrets list would shrink to a sliver).
    QLayout *box = layout();
    box->activate();
    const int needed = box->hasHeightForWidth() ? box->totalHeightForWidth(width())
                                                : box->totalSizeHint().height();
    if (height() < needed)
        resize(width(), needed);
}

void SettingsDialog::browseDatabase()
{
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Database File"), m_database->text(),
                                       tr("Lead Viewer databases (*.sqlite *.db);;All files (*)"),
                                       nullptr, QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        m_database->setText(QDir::toNativeSeparators(path));
}

bool SettingsDialog::apply()
{
    const QHostAddress address(m_address->currentText().trimmed());
    if (address.isNull()) {
        showError(tr("\"%1\" is not an IP address. Use 127.0.0.1 for this computer only, or "
                     "0.0.0.0 for every interface.")
                      .arg(m_address->currentText()));
        return false;
    }
    const QString path = m_path->text().trimmed();
    if (!path.startsWith(u'/') || path.contains(u' ') || path.contains(u'?')) {
        showError(tr("The path must start with / and hold no spaces or '?', for example "
                     "/webhooks/sendpilot."));
        return false;
    }

    const QString publicUrl = m_publicUrl->text().trimmed();
    if (!Settings::isValidPublicUrl(publicUrl)) {
        showError(
            tr("The public URL must be an https:// (or http://) address with a host, for example "
               "https://example.trycloudflare.com, or empty when no tunnel is in front."));
        return false;
    }
    const QString database = QDir::fromNativeSeparators(m_database->text().trimmed());
    if (database.isEmpty()) {
        showError(tr("Choose a database file, for example %1.")
                      .arg(QDir::toNativeSeparators(Settings::defaultDatabasePath())));
        return false;
    }
    const bool databaseChanged
        = QDir::cleanPath(database) != QDir::cleanPath(m_current.databasePath);
    if (m_api) {
        if (const QString why = m_api->validate(); !why.isEmpty()) {
            showError(why);
            return false;
        }
    }

    // Viewer and API settings do not depend on the listener: saved even when it refuses the
    // rest.
    SettingsChange change;
    change.set(Setting::RemoteImages, m_remoteImages->isChecked());
    if (m_api)
        m_api->apply(change);

    EndpointConfig next = m_current;
    // With no store open there is nothing to keep: the chosen file opens now. An open one stays
    // open (the views read it) until the next start.
    const bool openNow = databaseChanged && !m_service->storeOpen();
    if (openNow)
        next.databasePath = database;
    next.address = address;
    next.port = quint16(m_port->value());
    next.path = path;
    next.publicUrl = publicUrl;
    next.secrets = m_secrets->secrets();
    next.maxBodyBytes = qint64(m_bodyLimit->value()) * MiB;
    QString error;
    // reconfigure() binds the new listener before closing the old one: when it fails, the
    // working listener is still there.
    if (!m_service->reconfigure(next, &error)) {
        if (openNow && m_service->storeOpen()) { // the file opened; only the listener failed
            change.set(Setting::DatabasePath, database);
            m_current.databasePath = database;
        }
        m_settings->apply(change);
        if (!m_service->storeOpen()) {
            showError(tr("%1\nChoose another database file and apply again.").arg(error));
        } else if (m_service->isListening()) {
            showError(tr("The endpoint could not start with these settings: %1\nNothing was "
                         "saved; it still listens on %2. Pick another port or address and "
                         "apply again.")
                          .arg(error, m_service->url().toString()));
        } else {
            showError(tr("The endpoint could not start with these settings: %1\nThe endpoint "
                         "is not listening. Pick another port or address and apply again.")
                          .arg(error));
        }
        return false;
    }
    if (databaseChanged)
        change.set(Setting::DatabasePath, database);
    if (databaseChanged && !openNow) {
        showError(tr("Lead Viewer opens %1 at its next start; until then it keeps using %2.")
                      .arg(QDir::toNativeSeparators(database),
                           QDir::toNativeSeparators(m_current.databasePath)));
    } else {
        showError(QString());
    }
    change.set(Setting::ListenAddress, next.address.toString())
        .set(Setting::ListenPort, int(next.port))
        .set(Setting::WebhookPath, next.path)
        .set(Setting::PublicUrl, next.publicUrl)
        .set(Setting::Secrets, next.secrets)
        .set(Setting::MaxBodyBytes, next.maxBodyBytes);
    m_settings->apply(change);
    m_current = next;
    Q_EMIT endpointApplied(next);
    return true;
}
