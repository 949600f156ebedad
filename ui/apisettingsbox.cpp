// SPDX-License-Identifier: MIT
#include "apisettingsbox.h"

#include "accountcreditspanel.h"

#include "common/settings.h"
#include "ingest/sendpilotaccount.h"

#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ApiSettingsBox::ApiSettingsBox(SendPilotAccount *account, QWidget *parent)
    : QGroupBox(tr("SendPilot API"), parent)
    , m_account(account)
    , m_key(new QLineEdit(this))
    , m_show(new QToolButton(this))
    , m_clear(new QPushButton(tr("C&lear"), this))
    , m_baseUrl(new QLineEdit(this))
    , m_test(new QPushButton(tr("&Test Connection"), this))
    , m_result(new QLabel(this))
    , m_note(new QLabel(this))
{
    setObjectName(u"apiSettings"_s);
    m_key->setObjectName(u"apiKey"_s);
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("sp_live_… from SendPilot: Integrations → API Keys"));
    m_key->setToolTip(tr("The key SendPilot showed once when it was created. Lead Viewer sends "
                         "it as X-API-Key and never logs or records it."));
    m_key->setText(account->keyStore()->key());
    m_show->setObjectName(u"showApiKey"_s);
    m_show->setText(tr("Show"));
    m_show->setCheckable(true);
    m_show->setToolTip(tr("Show the key as text"));
    connect(m_show, &QToolButton::toggled, this, [this](bool shown) {
        m_key->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_show->setText(shown ? tr("Hide") : tr("Show"));
    });
    m_clear->setObjectName(u"clearApiKey"_s);
    m_clear->setToolTip(tr("Remove the key; it is deleted from where it is kept on Apply"));
    connect(m_clear, &QPushButton::clicked, this, [this] {
        m_key->clear();
        showResult(QString());
    });
    m_baseUrl->setObjectName(u"apiBaseUrl"_s);
    m_baseUrl->setText(account->settings()->apiBaseUrl().toString());
    m_baseUrl->setPlaceholderText(Setting::ApiBaseUrl.defaultValue);
    m_baseUrl->setToolTip(tr("Where the API is; paths such as /v1/credits are added to it"));
    m_test->setObjectName(u"testConnection"_s);
    m_test->setToolTip(tr("Ask SendPilot for the account's credits with this key and URL"));
    connect(m_test, &QPushButton::clicked, this, &ApiSettingsBox::testConnection);
    m_result->setObjectName(u"testResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setObjectName(u"keyStorageNote"_s);
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // The note and the test's answer sit under their rows, in the field column: a wrapped label
    // in a row of its own gets the height of its narrowest layout, a tall empty gap.
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_show);
    keyRow->addWidget(m_clear);
    auto *keyField = new QVBoxLayout;
    keyField->addLayout(keyRow);
    keyField->addWidget(m_note);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_baseUrl, 1);
    urlRow->addWidget(m_test);
    auto *urlField = new QVBoxLayout;
    urlField->addLayout(urlRow);
    urlField->addWidget(m_result);
    m_result->hide();
    auto *form = new QFormLayout(this);
    auto *keyLabel = new QLabel(tr("API &key:"), this);
    keyLabel->setBuddy(m_key);
    form->addRow(keyLabel, keyField);
    auto *urlLabel = new QLabel(tr("Base &URL:"), this);
    urlLabel->setBuddy(m_baseUrl);
    form->addRow(urlLabel, urlField);

    connect(account->keyStore(), &ApiKeyStore::finished, this, [this] {
        // The stored key arrived (the keychain answers late) and nothing was typed yet.
        if (m_key->text().isEmpty() && !m_key->isModified())
            m_key->setText(m_account->keyStore()->key());
        updateNote();
    });
    updateNote();
}

ApiSettingsBox::~ApiSettingsBox() = default;

void ApiSettingsBox::showResult(const QString &text)
{
    m_result->setText(text);
    m_result->setVisible(!text.isEmpty());
}

void ApiSettingsBox::updateNote()
{
    const ApiKeyStore *keys = m_account->keyStore();
    const QString file = QDir::toNativeSeparators(keys->settingsFileName());
    switch (keys->location()) {
    case ApiKeyStore::Location::Keychain:
        m_note->setText(tr("Kept in the desktop keychain."));
        return;
    case ApiKeyStore::Location::SettingsFile:
        m_note->setText(tr("⚠ No keychain service is running, so the key is kept in the settings "
                           "file %1, readable only by you (mode 0600).")
                            .arg(file));
        return;
    case ApiKeyStore::Location::None:
        break;
    }
    m_note->setText(
        keys->keychainError().isEmpty()
            ? tr("A key saved here is kept in the desktop keychain.")
            : tr("⚠ No keychain service is running: a key saved here is kept in the settings "
                 "file %1, readable only by you (mode 0600).")
                  .arg(file));
}

QString ApiSettingsBox::validate() const
{
    const QString url = m_baseUrl->text().trimmed();
    if (!url.isEmpty() && !Settings::isValidApiBaseUrl(url))
        return tr("The API base URL must be an https:// (or http://) address with a host and no "
                  "query, for example %1.")
            .arg(Setting::ApiBaseUrl.defaultValue);
    return {};
}

void ApiSettingsBox::apply(SettingsChange &change)
{
    const QString url = m_baseUrl->text().trimmed();
    change.set(Setting::ApiBaseUrl, url.isEmpty() ? Setting::ApiBaseUrl.defaultValue : url);
    ApiKeyStore *keys = m_account->keyStore();
    if (m_key->text().trimmed() != keys->key())
        keys->save(m_key->text());
}

void ApiSettingsBox::testConnection()
{
    const QString url = m_baseUrl->text().trimmed().isEmpty() ? Setting::ApiBaseUrl.defaultValue
                                                              : m_baseUrl->text().trimmed();
    if (m_key->text().trimmed().isEmpty()) {
        showResult(tr("Enter the API key first."));
        return;
    }
    if (!Settings::isValidApiBaseUrl(url)) {
        showResult(validate());
        return;
    }
    m_test->setEnabled(false);
    showResult(tr("Connecting…"));
    SendPilotCall *call = m_account->testConnection(m_key->text(), QUrl(url));
    connect(call, &SendPilotCall::finished, this, [this](const ApiResponse &response) {
        m_test->setEnabled(true);
        if (!response.ok()) {
            showResult(response.message);
            return;
        }
        QString ignored;
        const auto credits = SendPilotApi::parseCredits(response.body, &ignored);
        showResult(
            tr("Connected: %1 credits remaining.")
                .arg(AccountCreditsPanel::amount(credits ? credits->remaining : std::nullopt)));
    });
}
