// SPDX-License-Identifier: MIT
#pragma once

#include "common/limits.h"
#include "common/verdict.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

/// Verifies SendPilot's `Webhook-Signature: v1,t=<unix seconds>,s=<hex>` header:
/// lowercase hex HMAC-SHA256(key = secret bytes, message = t + "." + raw body), compared in
/// constant time against every configured secret (two are live for 24 h after a rotation).
class SignatureVerifier
{
public:
    enum class Outcome {
        Verified, ///< a configured secret matches and t is within the tolerance
        Unverified, ///< no secret configured: accepted, but nothing was checked
        Missing, ///< no Webhook-Signature header
        Malformed, ///< no t= or s= part, t not a number, s not hex
        Stale, ///< t further than the tolerance from now
        Mismatch, ///< no configured secret matches
    };

    struct Result
    {
        Outcome outcome;
        QByteArray reason; ///< short, for the 401 body ("signature mismatch", ...)
        bool accepted() const
        {
            return outcome == Outcome::Verified || outcome == Outcome::Unverified;
        }
    };

    explicit SignatureVerifier(const QStringList &secrets = {},
                               int toleranceSecs = Limits::DefaultSignatureToleranceSecs);

    void setSecrets(const QStringList &secrets);
    bool hasSecrets() const { return !m_secrets.isEmpty(); }
    void setToleranceSecs(int secs) { m_toleranceSecs = secs; }

    /// \a header is the raw header value (empty when absent); \a now is injectable for tests.
    Result verify(const QByteArray &header, const QByteArray &rawBody,
                  const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    /// The header value SendPilot would send for \a body (tests, bench, "Send test event").
    static QByteArray sign(const QByteArray &secret, const QByteArray &rawBody, qint64 unixSeconds);

    /// Frees what the crypto library keeps for the calling thread. Call it on a thread that
    /// verified signatures, before the thread ends.
    static void releaseThreadResources();

    /// The delivery's verdict for \a outcome: Accepted, BadSignature or StaleSignature.
    static Verdict verdictFor(Outcome outcome);

private:
    QList<QByteArray> m_secrets;
    int m_toleranceSecs;
};
