// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <concepts>

/*!
    What the export loop (LeadExporter) needs from a file format's writer: CsvWriter and
    XlsxWorkbookWriter both model it, so one loop reads the rows for every format.

    Usage: writeHeader() once, then per row one add...() per column and endRow(), then
    finish(). Errors are sticky: ok() turns false and stays so, errorString() says why.

    A concept rather than a virtual base class: the loop calls the writer once per cell, 24
    million times for a million leads, and CsvWriter's calls are inline buffer writes that a
    virtual call would cost a measurable share of.
*/
template<typename Writer>
concept ExportRowWriter = requires(Writer w, const Writer cw, const QStringList &names,
                                   QByteArrayView utf8, qint64 number)
{
    w.writeHeader(names);
    w.addField(utf8); ///< text, UTF-8
    w.addTelephone(utf8); ///< a phone number: text, never a number
    w.addLink(utf8); ///< a web address (the LinkedIn profile): a link where the format has them
    w.addNumber(number);
    w.addEmpty(); ///< an unknown number or time
    w.addTimestampMs(number); ///< a UTC instant, milliseconds since the epoch
    w.endRow();
    {
        w.finish()
        } -> std::same_as<bool>;
    {
        cw.ok()
        } -> std::same_as<bool>;
    {
        cw.errorString()
        } -> std::convertible_to<QString>;
};
