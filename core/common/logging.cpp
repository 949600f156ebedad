// SPDX-License-Identifier: MIT
#include "common/logging.h"

Q_LOGGING_CATEGORY(lcHttp, "leadviewer.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWebhook, "leadviewer.webhook", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "leadviewer.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcIngest, "leadviewer.ingest", QtInfoMsg)
Q_LOGGING_CATEGORY(lcExport, "leadviewer.export", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "leadviewer.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModels, "leadviewer.models", QtInfoMsg)
