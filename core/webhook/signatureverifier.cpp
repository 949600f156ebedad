// SPDX-License-Identifier: MIT
#include "webhook/signatureverifier.h"

#include "common/logging.h"

#include <QByteArrayView>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// SHA-256 output: 32 bytes, 64 hex digits in the s= part.
constexpr qsizetype DigestBytes = 32;
constexpr qsizetype DigestHexChars = 2 * DigestBytes;
// t is Unix seconds (10 digits today). Anything longer than 18 digits cannot be a time and would
// overflow qint64 arithmetic below, so it is malformed rather than stale.
constexpr qsizetype MaxTimestampDigits = 18;

bool isAllDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

bool isAllHex(QByteArrayView text)
{
    for (const char c : text) {
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex)
            return false;
    }
    return true;
}

QByteArray hmacSha256(const QByteArray &key, QByteArrayView t, const QByteArray &body)
{
    // OpenSSL's libcrypto rather than QMessageAuthenticationCode: Qt 6.4 hashes with its own
    // portable SHA-256 (about 170 MB/s here), libcrypto uses the CPU's SHA extensions (over
    // 1 GB/s), and a 12 MB body is checked once per configured secret.
    // Fed in pieces so a 12 MB body is never copied into a "t.body" buffer.
    struct MacDeleter
    {
        void operator()(EVP_MAC *mac) const { EVP_MAC_free(mac); }
        void operator()(EVP_MAC_CTX *ctx) const { EVP_MAC_CTX_free(ctx); }
    };
    // Fetched per call (a few microseconds): a cached process-lifetime EVP_MAC outlives
    // OpenSSL's own clean-up at exit, which LeakSanitizer reports.
    const std::unique_ptr<EVP_MAC, MacDeleter> hmac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    std::unique_ptr<EVP_MAC_CTX, MacDeleter> ctx(hmac ? EVP_MAC_CTX_new(hmac.get()) : nullptr);
    char digest[] = "SHA256";
    const OSSL_PARAM params[]
        = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t outLength = 0;
    const auto *keyBytes = reinterpret_cast<const unsigned char *>(key.constData());
    if (!ctx || !EVP_MAC_init(ctx.get(), keyBytes, size_t(key.size()), params)
        || !EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char *>(t.data()),
                           size_t(t.size()))
        || !EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char *>("."), 1)
        || !EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char *>(body.constData()),
                           size_t(body.size()))
        || !EVP_MAC_final(ctx.get(), out, &outLength, sizeof out)) {
        // Cannot happen with a working libcrypto; an empty digest never matches a signature.
        return {};
    }
    return QByteArray(reinterpret_cast<const char *>(out), qsizetype(outLength));
}

// Constant-time equality: the loop always runs over all of `expected` and folds a length
// difference into the result, so neither the position of the first differing byte nor a length
// mismatch changes the running time.
bool constantTimeEquals(const QByteArray &expected, const QByteArray &given)
{
    const qsizetype n = expected.size();
    const qsizetype m = given.size();
    unsigned diff = (n == m) ? 0u : 1u;
    for (qsizetype i = 0; i < n; ++i) {
        const auto g = m > 0 ? static_cast<unsigned char>(given.at(i % m)) : 0u;
        diff |= static_cast<unsigned char>(expected.at(i)) ^ g;
    }
    return diff == 0;
}

} // namespace

SignatureVerifier::SignatureVerifier(const QStringList &secrets, int toleranceSecs)
    : m_toleranceSecs(toleranceSecs)
{
    setSecrets(secrets);
}

void SignatureVerifier::setSecrets(const QStringList &secrets)
{
    m_secrets.clear();
    for (const QString &secret : secrets) {
        // An empty secret would make any sender able to sign; it counts as "not configured".
        if (!secret.isEmpty())
            m_secrets.append(secret.toUtf8()); // docs: the secret string's UTF-8 bytes are the key
    }
}

SignatureVerifier::Result SignatureVerifier::verify(const QByteArray &header,
                                                    const QByteArray &rawBody,
                                                    const QDateTime &now) const
{
    if (m_secrets.isEmpty())
        return {Outcome::Unverified, "no webhook secret configured"_ba};

    const QByteArray trimmedHeader = header.trimmed();
    if (trimmedHeader.isEmpty())
        return {Outcome::Missing, "missing Webhook-Signature header"_ba};

    // sendpilot-webhooks.md 2.3: split on ',', trim, take the t= and s= parts, ignore others
    // (the leading "v1" version token in particular). A repeated t= or s= is ambiguous: reject.
    QByteArrayView t;
    QByteArrayView s;
    int tCount = 0;
    int sCount = 0;
    const QList<QByteArray> parts = trimmedHeader.split(',');
    for (const QByteArray &rawPart : parts) {
        const QByteArrayView part = QByteArrayView(rawPart).trimmed();
        if (part.startsWith("t=")) {
            ++tCount;
            t = part.sliced(2);
        } else if (part.startsWith("s=")) {
            ++sCount;
            s = part.sliced(2);
        }
    }
    const QByteArray tBytes = t.toByteArray();
    const QByteArray sBytes = s.toByteArray();

    const QByteArray malformed = "malformed signature header"_ba;
    if (tCount != 1 || sCount != 1)
        return {Outcome::Malformed, malformed};
    if (!isAllDigits(tBytes) || tBytes.size() > MaxTimestampDigits)
        return {Outcome::Malformed, malformed};
    // Upper-case hex is accepted: the docs produce lower case (Node's digest('hex')), but hex case
    // carries no information, so comparing the decoded 32 bytes is exactly as strong and spares
    // a sender whose library prints upper case a baffling "mismatch".
    if (sBytes.size() != DigestHexChars || !isAllHex(sBytes))
        return {Outcome::Malformed, malformed};
    const QByteArray given = QByteArray::fromHex(sBytes);

    // Every secret is tried and the results are OR-ed without branching, so the time taken does
    // not reveal which secret (old or new, during a rotation) matched.
    bool matched = false;
    for (const QByteArray &secret : m_secrets)
        matched |= constantTimeEquals(hmacSha256(secret, tBytes, rawBody), given);
    if (!matched)
        return {Outcome::Mismatch, "signature mismatch"_ba};

    // The window is checked after the MAC on purpose: "stale" then means "signed with our secret
    // but too old or from a skewed clock", which tells the user to look at clocks, not secrets.
    const qint64 signedAt = tBytes.toLongLong();
    const qint64 skew = now.toSecsSinceEpoch() - signedAt;
    if (skew > m_toleranceSecs || skew < -qint64(m_toleranceSecs)) {
        qCDebug(lcWebhook) << "signature timestamp off by" << skew << "s";
        return {Outcome::Stale,
                "signature timestamp outside the " + QByteArray::number(m_toleranceSecs)
                    + " s window"};
    }
    return {Outcome::Verified, QByteArray()};
}

QByteArray SignatureVerifier::sign(const QByteArray &secret, const QByteArray &rawBody,
                                   qint64 unixSeconds)
{
    const QByteArray t = QByteArray::number(unixSeconds);
    return "v1,t=" + t + ",s=" + hmacSha256(secret, t, rawBody).toHex();
}

Verdict SignatureVerifier::verdictFor(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Verified:
    case Outcome::Unverified:
        return Verdict::Accepted;
    case Outcome::Missing:
    case Outcome::Malformed:
    case Outcome::Mismatch:
        return Verdict::BadSignature;
    case Outcome::Stale:
        return Verdict::StaleSignature;
    }
    return Verdict::BadSignature;
}

void SignatureVerifier::releaseThreadResources()
{
    // OpenSSL keeps per-thread state (error queue, method caches) that it otherwise frees from
    // a thread-exit destructor, racing with process exit (LeakSanitizer saw it now and then).
    OPENSSL_thread_stop();
}
