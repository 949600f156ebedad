// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QTest>

#include <stdexcept>

// QVERIFY and QCOMPARE end the function they are written in, so they only work in a test
// function itself: in a helper they return from the helper and the test goes on. Helpers check
// with the *_OR_THROW macros instead; a failed check throws TestSupport::CheckFailed with the
// condition and where it failed. A test function calls such helpers inside TRY_OR_FAIL, which
// fails the test with that message. An exception that escapes a test function still fails the
// run (QtTest reports it and stops), and the message is logged as a warning before the throw.

namespace TestSupport {

class CheckFailed : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// Logs \a message with its place and throws CheckFailed.
[[noreturn]] void fail(const QString &message, const char *file, int line);

template<typename T>
QString describe(const T &value)
{
    char *text = QTest::toString(value);
    const QString result = text ? QString::fromUtf8(text) : QStringLiteral("<unprintable>");
    delete[] text;
    return result;
}

} // namespace TestSupport

#define VERIFY_OR_THROW(condition)                                                                 \
    do {                                                                                           \
        if (!(condition))                                                                          \
            TestSupport::fail(QStringLiteral("'" #condition "' is false"), __FILE__, __LINE__);    \
    } while (false)

#define VERIFY2_OR_THROW(condition, message)                                                       \
    do {                                                                                           \
        if (!(condition))                                                                          \
            TestSupport::fail(QStringLiteral("'" #condition "' is false: ") + (message), __FILE__, \
                              __LINE__);                                                           \
    } while (false)

#define COMPARE_OR_THROW(actual, expected)                                                         \
    do {                                                                                           \
        const auto &lvActual = (actual);                                                           \
        const auto &lvExpected = (expected);                                                       \
        if (!(lvActual == lvExpected))                                                             \
            TestSupport::fail(QStringLiteral(#actual " is ") + TestSupport::describe(lvActual)     \
                                  + QStringLiteral(", expected " #expected " = ")                  \
                                  + TestSupport::describe(lvExpected),                             \
                              __FILE__, __LINE__);                                                 \
    } while (false)

/// In a test function: runs \a statement; a failed *_OR_THROW check inside it fails the test.
#define TRY_OR_FAIL(statement)                                                                     \
    do {                                                                                           \
        try {                                                                                      \
            statement;                                                                             \
        } catch (const TestSupport::CheckFailed &lvFailure) {                                      \
            QFAIL(lvFailure.what());                                                               \
        }                                                                                          \
    } while (false)
