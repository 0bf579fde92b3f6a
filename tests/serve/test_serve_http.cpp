// `empower serve` for real: the CLI as a child process with the bundled model on a free loopback
// port, and each protocol called by a real client of it — tab_frontend's fetch (Node, with an
// AbortController), curl and Python's urllib for the OpenAI completions (plain and streamed), curl
// for llama.cpp's /infill. A served suggestion must be the one `empower suggest` makes at the same
// place; bad input gets a 4xx with a one-line reason and the server stays healthy; an aborted
// request is cancelled; SIGTERM stops it cleanly.
#include "support/resource_paths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <optional>

namespace {

struct Ran {
    int exit = -1;
    QByteArray out, err;
};

Ran run(const QString& program, const QStringList& args, int timeoutMs = 60000) {
    QProcess p;
    p.start(program, args);
    Ran r;
    if (!p.waitForStarted(10000)) {
        r.err = "could not start " + program.toUtf8();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exit = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QJsonObject object(const QByteArray& json) { return QJsonDocument::fromJson(json).object(); }

// A running `empower serve`, stopped with SIGTERM when it goes out of scope.
struct Server {
    QProcess process;
    QString url;
    bool start(const QStringList& extra) {
        process.start(EW_EMPOWER_BINARY, QStringList{"serve", "--port", "0", "--threads", "1"} + extra);
        if (!process.waitForStarted(10000)) return false;
        QByteArray line;
        while (!line.contains('\n') && process.waitForReadyRead(60000)) line += process.readAllStandardOutput();
        const auto m = QRegularExpression("listening on (http://\\S+:\\d+)").match(QString::fromUtf8(line));
        if (!m.hasMatch()) {
            qWarning() << line << process.readAllStandardError();
            return false;
        }
        url = m.captured(1);
        return true;
    }
    ~Server() {
        if (process.state() == QProcess::NotRunning) return;
        process.terminate();
        if (!process.waitForFinished(10000)) process.kill();
        process.waitForFinished();
    }
};

Ran curl(const QStringList& args) { return run("curl", QStringList{"-sS", "--max-time", "60", "-w", "\n%{http_code}"} + args); }
// curl's body and, on the last line, its status.
std::pair<QByteArray, int> split_status(const Ran& r) {
    const auto cut = r.out.lastIndexOf('\n');
    return {r.out.left(cut), r.out.mid(cut + 1).toInt()};
}

}  // namespace

class TestServeHttp : public QObject {
    Q_OBJECT
    Server server_;
    QTemporaryDir tmp_;
    const QString clients_ = QStringLiteral(EW_TEST_SOURCE_DIR "/serve/clients");

    // What `empower suggest` (the editor's core call) makes of the same text at the same place.
    QString cliSuggestion(const QString& before, const QString& after = {}, double eta = 8) {
        QFile f(tmp_.filePath("source.py"));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write((before + after).toUtf8());
        f.close();
        const auto r = run(EW_EMPOWER_BINARY, {"suggest", "--file", f.fileName(), "--at", QString::number(before.toUtf8().size()),
                                               "--eta", QString::number(eta), "--threads", "1", "--json"});
        return object(r.out)["suggestion"].toString();
    }

    QJsonObject postJson(const QString& path, const QByteArray& body, int* status) {
        QFile f(tmp_.filePath("body.json"));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(body);
        f.close();
        const auto [out, code] = split_status(curl({"-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@" + f.fileName(), server_.url + path}));
        *status = code;
        return object(out);
    }

private slots:
    void initTestCase() {
        if (QStandardPaths::findExecutable("curl").isEmpty() || QStandardPaths::findExecutable("node").isEmpty())
            QSKIP("curl and node are needed (.ci/install-deps installs them)");
        QVERIFY(tmp_.isValid());
        QVERIFY(server_.start({"--eta", "8"}));
    }

    void tabFrontendsFetchGetsTheEditorsSuggestion() {
        const QString prefix = "def add(a, b):\n    return";
        const auto r = run("node", {clients_ + "/tab_frontend_client.mjs", server_.url + "/", "ask", prefix});
        QVERIFY2(r.exit == 0, r.err.constData());
        const auto answer = object(r.out);
        QCOMPARE(answer["status"].toInt(), 200);
        const QString expected = cliSuggestion(prefix);
        QVERIFY2(!expected.isEmpty(), "the bundled model suggests something here");
        QCOMPARE(answer["suggestion"].toString(), expected);
        // assistants.json may name any path ending in '/'.
        const auto named = run("node", {clients_ + "/tab_frontend_client.mjs", server_.url + "/empower-8/", "ask", prefix});
        QCOMPARE(object(named.out)["suggestion"].toString(), expected);
    }

    // `empower suggest --server`: the same suggestion, made here on tokens the server generates.
    void suggestOnAServedModelEqualsTheLocalOne() {
        const QString prefix = "def add(a, b):\n    return a";
        QFile f(tmp_.filePath("served-source.py"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(prefix.toUtf8());
        f.close();
        const QStringList args = {"suggest", "--file", f.fileName(), "--at", QString::number(prefix.toUtf8().size()), "--eta", "4", "--json"};
        const auto local = run(EW_EMPOWER_BINARY, args + QStringList{"--threads", "1"});
        const auto served = run(EW_EMPOWER_BINARY, args + QStringList{"--server", server_.url});
        QVERIFY2(served.exit == 0, served.err.constData());
        const auto want = object(local.out), got = object(served.out);
        QVERIFY(!want["suggestion"].toString().isEmpty());
        QCOMPARE(got["suggestion"].toString(), want["suggestion"].toString());
        QCOMPARE(got["cut"].toInt(), want["cut"].toInt());
        QCOMPARE(got["tokens"].toArray(), want["tokens"].toArray());
        QVERIFY(got["model"].toString().endsWith("@ " + server_.url));
        const auto nowhere = run(EW_EMPOWER_BINARY, args + QStringList{"--server", "http://127.0.0.1:1"});
        QCOMPARE(nowhere.exit, 1);
        QVERIFY2(nowhere.err.contains("http://127.0.0.1:1: ") && nowhere.err.trimmed().count('\n') == 0, nowhere.err.constData());
    }

    void openAiCompletionsWithCurl() {
        int status = 0;
        const auto j = postJson("/v1/completions",
                                "{\"prompt\": \"for row in grid:\\n    for\", \"max_tokens\": 24, \"logprobs\": 2, \"temperature\": 0, \"frequency_penalty\": 0, \"empower\": {\"eta\": 4, \"units\": \"nats\"}}",
                                &status);
        QCOMPARE(status, 200);
        QCOMPARE(j["object"].toString(), QString("text_completion"));
        const auto choice = j["choices"].toArray()[0].toObject();
        const auto ext = j["empower"].toObject();
        QCOMPARE(ext["eta"].toDouble(), 4.0);
        QCOMPARE(choice["text"].toString(), cliSuggestion("for row in grid:\n    for", {}, 4));
        // The shown tokens' log-probs, and each token's cumulative NLL within η.
        const auto lp = choice["logprobs"].toObject();
        QCOMPARE(lp["tokens"].toArray().size(), ext["cut"].toInt());
        double cumulative = 0;
        for (const auto& t : ext["tokens"].toArray()) {
            cumulative -= t.toObject()["logprob"].toDouble();
            QVERIFY(std::abs(cumulative - t.toObject()["cumulative_nll"].toDouble()) < 1e-4);
            if (t.toObject()["shown"].toBool()) QVERIFY(cumulative <= 4.0 + 1e-9);
        }
        for (const auto& top : lp["top_logprobs"].toArray()) QVERIFY(top.toObject().size() <= 2);
        QCOMPARE(choice["finish_reason"].toString(), QString("stop"));

        const auto [models, code] = split_status(curl({server_.url + "/v1/models"}));
        QCOMPARE(code, 200);
        QCOMPARE(object(models)["data"].toArray()[0].toObject()["id"].toString(), QString("default"));

        // Streamed with curl: server-sent events ending in [DONE].
        const auto streamed = curl({"-N", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary",
                                    "{\"prompt\": \"for row in grid:\\n    for\", \"stream\": true, \"empower\": {\"eta\": 4}}", server_.url + "/v1/completions"});
        QVERIFY2(streamed.out.contains("data: [DONE]"), streamed.out.constData());
        QVERIFY(streamed.out.startsWith("data: {"));
    }

    // Two editors on one machine (one address, no `user`), typing in turn in different files: each
    // request continues its own text's KV cache instead of evicting the other's.
    void twoEditorsOnOneAddressKeepACacheEach() {
        QString a, b;
        for (int i = 0; i < 12; ++i) {
            a += QString("def area_%1(width, height):\n    return width * height + %1\n\n").arg(i);
            b += QString("class Point%1:\n    def __init__(self, x, y):\n        self.x = x + %1\n").arg(i);
        }
        auto ask = [&](const QString& prompt, int* promptTokens) {
            const QByteArray body = QJsonDocument(QJsonObject{{"prompt", prompt}, {"max_tokens", 2}}).toJson(QJsonDocument::Compact);
            int status = 0;
            const auto j = postJson("/v1/completions", body, &status);
            if (status != 200) return -1;
            *promptTokens = j["usage"].toObject()["prompt_tokens"].toInt();
            return j["empower"].toObject()["reused_prefix_tokens"].toInt();
        };
        int aTokens = 0, bTokens = 0, ignored = 0;
        QVERIFY(ask(a, &aTokens) >= 0);
        QVERIFY(ask(b, &bTokens) >= 0);
        QVERIFY(aTokens > 100 && bTokens > 100);
        // Each continues with a few more characters: nearly its whole previous prompt is cached.
        const int reusedA = ask(a + "def per", &ignored);
        const int reusedB = ask(b + "    def nor", &ignored);
        QVERIFY2(reusedA >= aTokens - 4, qPrintable(QString("A reused %1 of %2").arg(reusedA).arg(aTokens)));
        QVERIFY2(reusedB >= bTokens - 4, qPrintable(QString("B reused %1 of %2").arg(reusedB).arg(bTokens)));
    }

    void openAiCompletionsWithPythonUrllib() {
        // One body asked for whole and streamed: the whole answer's choice, and the stream put together.
        const auto bothWays = [this](const QString& body) -> std::optional<std::pair<QJsonObject, QJsonObject>> {
            const auto plain = run("python3", {clients_ + "/openai_client.py", server_.url, "complete", body});
            const auto streamed = run("python3", {clients_ + "/openai_client.py", server_.url, "stream", body});
            if (plain.exit != 0 || streamed.exit != 0) {
                qWarning("%s%s", plain.err.constData(), streamed.err.constData());
                return std::nullopt;
            }
            return std::pair{object(plain.out)["choices"].toArray()[0].toObject(), object(streamed.out)};
        };
        const auto cut = bothWays("{\"prompt\": \"import os\\nfor name in os.listdir(\", \"max_tokens\": 32}");
        QVERIFY(cut);
        const auto& [choice, s] = *cut;
        QCOMPARE(s["text"].toString(), choice["text"].toString());
        QVERIFY(s["done"].toBool());
        QVERIFY(s["content_type"].toString().startsWith("text/event-stream"));
        QCOMPARE(s["finish_reason"].toString(), choice["finish_reason"].toString());
        QCOMPARE(s["empower"].toObject()["policy"].toString(), QString("Empower-η=8 nats"));

        // Streamed as it is generated: an uncut 40-token completion arrives as one event per token
        // (code here is ASCII, so nothing is held back) that add up to the same text as the answer
        // in one piece.
        const auto uncut = bothWays("{\"prompt\": \"def read_grid():\\n    n = int(\", \"max_tokens\": 40, \"empower\": {\"policy\": \"base\"}}");
        QVERIFY(uncut);
        const auto& [whole, pieces] = *uncut;
        QCOMPARE(pieces["text"].toString(), whole["text"].toString());
        QVERIFY2(pieces["text_events"].toInt() >= 20, qPrintable(QJsonDocument(pieces).toJson()));
        QVERIFY(pieces["done"].toBool());
        QCOMPARE(pieces["finish_reason"].toString(), QString("length"));
    }

    void llamaCppInfillWithCurl() {
        int status = 0;
        const auto j = postJson("/infill", "{\"input_prefix\": \"values = [1, 2, 3]\\nprint(sum(\", \"input_suffix\": \"))\\n\", \"n_predict\": 16, \"input_extra\": [], \"cache_prompt\": true, \"samplers\": [\"top_k\"]}",
                                &status);
        QCOMPARE(status, 200);
        // Fitted in front of the closers after the caret, as `empower suggest` does mid-line.
        QCOMPARE(j["content"].toString(), cliSuggestion("values = [1, 2, 3]\nprint(sum(", "))\n"));
        QVERIFY(j.contains("timings"));
    }

    void badInputGetsAOneLineReasonAndTheServerStaysUp() {
        struct Case {
            const char* path;
            QByteArray body;
            int status;
            const char* says;
        };
        const QList<Case> cases = {
            {"/v1/completions", "{\"prompt\": \"x\"", 400, "not valid JSON"},
            {"/v1/completions", "{\"prompt\": 3}", 400, "\"prompt\""},
            {"/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": \"many\"}", 400, "\"max_tokens\" must be an integer"},
            {"/v1/completions", "{\"prompt\": \"x\", \"empower\": {\"policy\": \"empower-auto\"}}", 400, "empower-auto"},
            {"/v1/completions", "{\"prompt\": \"x\", \"n\": 3}", 400, "\"n\""},
            {"/", "{\"prefix\": \"x\"}", 400, "one string"},
            {"/", "[\"\xff\xfe\"]", 400, "not valid JSON"},
            {"/infill", "{\"input_prefix\": [\"x\"]}", 400, "\"input_prefix\" must be a string"},
            {"/empower/v1/generate", "{\"context\": [1, 2]}", 400, "\"client\" is required"},
            {"/empower/v1/generate", "{\"client\": \"a\", \"context\": [1, -2]}", 400, "not a token id"},
            {"/empower/v1/generate", "{\"client\": \"a\", \"context\": \"x\"}", 400, "\"context\" must be an array"},
            {"/empower/v1/generate", "{\"client\": \"a\", \"context\": [1], \"options\": {\"required_prefix_hex\": \"abc\"}}", 400, "odd length"},
            {"/v2/chat", "{}", 404, "no route"},
        };
        for (const auto& c : cases) {
            int status = 0;
            const auto j = postJson(c.path, c.body, &status);
            QVERIFY2(status == c.status, (QByteArray(c.path) + " " + c.body + " → " + QByteArray::number(status)).constData());
            const QString message = j["error"].toObject()["message"].toString();
            QVERIFY2(message.contains(c.says) && !message.contains('\n'), qPrintable(message));
        }
        // Larger than --max-body (4 MiB by default): 413.
        QFile big(tmp_.filePath("big.json"));
        big.open(QIODevice::WriteOnly);
        big.write("[\"" + QByteArray(5 << 20, 'x') + "\"]");
        big.close();
        const auto [body, code] = split_status(curl({"-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@" + big.fileName(), server_.url + "/"}));
        QCOMPARE(code, 413);
        const auto [health, ok] = split_status(curl({server_.url + "/health"}));
        QCOMPARE(ok, 200);
        QCOMPARE(object(health)["status"].toString(), QString("ok"));
    }

    void anAbortedFetchIsCancelled() {
        // Base with a long cap generates for a while; the client gives up after 150 ms.
        Server slow;
        QVERIFY(slow.start({"--policy", "base", "--max-tokens", "480"}));
        const auto r = run("node", {clients_ + "/tab_frontend_client.mjs", slow.url + "/", "abort", "x = 1\n", "150"});
        QVERIFY2(object(r.out)["aborted"].toBool(), r.out.constData());
        QTRY_VERIFY_WITH_TIMEOUT(split_status(curl({slow.url + "/metrics"})).first.contains("empower_cancellations_total 1"), 10000);
        const auto metrics = split_status(curl({slow.url + "/metrics"})).first;
        QVERIFY(metrics.contains("empower_completion_seconds_bucket{le=\"+Inf\"}"));
        QVERIFY(metrics.contains("empower_model_loaded 1"));
        // The model is free again at once: the cancelled generation stopped.
        const auto after = run("node", {clients_ + "/tab_frontend_client.mjs", slow.url + "/", "ask", "x = 1\n"});
        QCOMPARE(object(after.out)["status"].toInt(), 200);
        // A streamed completion whose reader hangs up after its first piece is cancelled too.
        const auto streamed = run("python3", {clients_ + "/openai_client.py", slow.url, "stream-first", "{\"prompt\": \"x = 1\\n\"}"});
        QVERIFY2(streamed.exit == 0, streamed.err.constData());
        QVERIFY2(object(streamed.out)["first"].toString().startsWith("data: {"), streamed.out.constData());
        QTRY_VERIFY_WITH_TIMEOUT(split_status(curl({slow.url + "/metrics"})).first.contains("empower_cancellations_total 2"), 10000);
        QCOMPARE(object(run("node", {clients_ + "/tab_frontend_client.mjs", slow.url + "/", "ask", "x = 1\n"}).out)["status"].toInt(), 200);
    }

    // `empower study serve`: each arm of a design on its own port with its own policy, and the
    // assistants.json the paper's study editor lists them from; an arm a server cannot serve is
    // refused before anything loads.
    void aDesignsArmsAreServedToTabFrontend() {
        const auto writeDesign = [this](const QString& name, const QString& arms, int slotCount) {
            QStringList phases;
            for (int slot = 1; slot <= slotCount; ++slot) phases << QString("{\"kind\": \"assistant\", \"slot\": %1, \"minutes\": 10}").arg(slot);
            QFile f(tmp_.filePath(name));
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
            f.write(("{\"name\": \"served\", \"problems\": [\"lava-trap\"], \"arms\": [" + arms + "], \"phases\": [" + phases.join(", ") + "]}").toUtf8());
            f.close();
            return f.fileName();
        };
        const QString design = writeDesign("served.json", "{\"name\": \"eta2\", \"policy\": \"empower\", \"eta\": 2}, "
                                                          "{\"name\": \"base4\", \"policy\": \"base-4\"}",
                                           2);
        const QString assistantsPath = tmp_.filePath("assistants.json");
        QProcess study;
        study.start(EW_EMPOWER_BINARY, {"study", "serve", "--design", design, "--first-port", "0", "--threads", "1", "--assistants", assistantsPath});
        QVERIFY(study.waitForStarted(10000));
        QByteArray out;
        while (!out.contains("wrote") && study.waitForReadyRead(60000)) out += study.readAllStandardOutput();
        QVERIFY2(out.contains("wrote"), (out + study.readAllStandardError()).constData());
        QFile listed(assistantsPath);
        QVERIFY(listed.open(QIODevice::ReadOnly));
        const auto assistants = QJsonDocument::fromJson(listed.readAll()).array();
        QCOMPARE(assistants.size(), 2);
        QCOMPARE(assistants[0].toObject()["name"].toString(), QString("eta2"));
        QCOMPARE(assistants[1].toObject()["name"].toString(), QString("base4"));
        const QString eta2 = assistants[0].toObject()["url"].toString(), base4 = assistants[1].toObject()["url"].toString();
        QVERIFY(eta2 != base4);
        QCOMPARE(object(split_status(curl({eta2 + "/health"})).first)["policy"].toString(), QString("Empower-η=2 nats"));
        QCOMPARE(object(split_status(curl({base4 + "/health"})).first)["policy"].toString(), QString("Base-4"));
        // What tab_frontend's fetch gets from the η = 2 arm is the editor's suggestion at η = 2.
        const QString prefix = "def add(a, b):\n    return";
        const auto answer = object(run("node", {clients_ + "/tab_frontend_client.mjs", eta2 + "/", "ask", prefix}).out);
        QCOMPARE(answer["status"].toInt(), 200);
        QCOMPARE(answer["suggestion"].toString(), cliSuggestion(prefix, {}, 2));
        QCOMPARE(object(run("node", {clients_ + "/tab_frontend_client.mjs", base4 + "/", "ask", prefix}).out)["status"].toInt(), 200);
        study.terminate();
        QVERIFY(study.waitForFinished(20000));
        QCOMPARE(study.exitCode(), 0);
        QVERIFY(study.readAllStandardError().contains("stopped"));

        for (const auto& [arm, why] : {std::pair{QString("{\"name\": \"auto\", \"policy\": \"empower-auto\", \"eta\": 4}"), QString("empower-auto")},
                                       std::pair{QString("{\"name\": \"old\", \"policy\": \"imported\"}"), QString("imported")}}) {
            const auto refused = run(EW_EMPOWER_BINARY, {"study", "serve", "--design", writeDesign("refused.json", arm, 1), "--first-port", "0"});
            QVERIFY(refused.exit != 0);
            QVERIFY2(refused.err.contains(why.toUtf8()) && refused.err.split('\n').size() <= 2, refused.err.constData());
        }
    }

    void apiKeyAndHost() {
        // Beyond loopback only with a key.
        const auto refused = run(EW_EMPOWER_BINARY, {"serve", "--host", "0.0.0.0", "--port", "0"});
        QVERIFY(refused.exit != 0);
        QVERIFY2(refused.err.contains("--api-key"), refused.err.constData());
        Server keyed;
        QVERIFY(keyed.start({"--api-key", "s3cret"}));
        QCOMPARE(split_status(curl({keyed.url + "/v1/models"})).second, 401);
        QCOMPARE(split_status(curl({"-H", "Authorization: Bearer s3cret", keyed.url + "/v1/models"})).second, 200);
        QCOMPARE(split_status(curl({keyed.url + "/health"})).second, 200);
    }

    void metricsCountWhatWasServedAndSigtermStopsCleanly() {
        const auto metrics = split_status(curl({server_.url + "/metrics"})).first;
        QVERIFY2(metrics.contains("empower_requests_total{route=\"/v1/completions\",status=\"200\"}"), metrics.constData());
        QVERIFY(metrics.contains("empower_requests_total{route=\"/v1/completions\",status=\"400\"}"));
        QVERIFY(metrics.contains("empower_requests_total{route=\"/ (tab_frontend)\",status=\"200\"}"));
        QVERIFY(QRegularExpression("empower_generated_tokens_total [1-9]").match(QString::fromUtf8(metrics)).hasMatch());
        server_.process.terminate();
        QVERIFY(server_.process.waitForFinished(10000));
        QCOMPARE(server_.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server_.process.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServeHttp)
#include "test_serve_http.moc"
