// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

/// How a raw request body is kept in deliveries.body (the deliveries.body_codec column).
namespace BodyCodec {
enum class Codec {
    Identity = 0, ///< as received
    Zstd = 1, ///< one zstd frame with its content size (Debian's libzstd)
};

/// Bodies smaller than this stay as received: without a dictionary zstd saves a few hundred
/// bytes on the small events (about 600 bytes each), not worth their share of the projector.
inline constexpr qsizetype MinCompressedBytes = 2048;

/// \a body as one zstd frame at \a level (1 is ~430 MB/s on the target machine for event JSON,
/// about 7.5:1). Empty when compression failed or would not save space.
QByteArray compress(QByteArrayView body, int level = 1);

/// The body as received, from what deliveries.body holds. Refuses a frame that declares more
/// than \a maxBytes (a damaged or hostile row must not make us allocate gigabytes). On failure
/// returns an empty array and sets \a error.
QByteArray decode(QByteArrayView stored, Codec codec, qint64 maxBytes, QString *error);
Codec codecFromStored(qint64 value);
} // namespace BodyCodec
