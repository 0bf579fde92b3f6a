// Token healing (core/lm/token_healing.h) against a brute-force reference: on a tiny random model,
// every healed suggestion is recomputed from the model's full next-token distributions (teacher-
// forced scoring with every alternative), filtering the allowed tokens by plain string checks:
// the chosen tokens must be the greedy choices among the allowed ones, a token inside the typed
// text must count 0 nats, the token completing it log p(t) − log Σ_allowed p(a), and later tokens
// their plain log p. Then the rules for backing up, the cut, the KV cache across keystrokes, and
// the "for " case on the bundled model.
#include "empower/suggestion_policy.h"
#include "lm/token_healing.h"
#include "lm/transformer_language_model.h"
#include "support/resource_paths.h"
#include "support/tiny_model.h"

#include <QtTest>
#include <cmath>
#include <fstream>
#include <random>

using namespace ew;

namespace {

// The model's log-probs for every vocabulary entry after `context` (full distribution).
std::vector<double> next_distribution(const lm::LanguageModel& model, const std::vector<text::TokenId>& context) {
    const int vocab = model.tokenizer().vocab_size();
    lm::ScoreRequest r{context, {0}};
    const auto scored = model.score(std::span(&r, 1), vocab).front();
    std::vector<double> lp(static_cast<std::size_t>(vocab), -INFINITY);
    for (const auto& a : scored.front().top) lp[static_cast<std::size_t>(a.id)] = a.logprob;
    return lp;
}

// Lava Trap's starter code and a function whose caret waits at the start of an inner loop line.
std::string lava_trap_inner_loop() {
    std::ifstream in(projects_dir() / "lava-trap" / "solution.py");
    std::string code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return code + "\n\ndef count(grid):\n    total = 0\n    for row in grid:\n        ";
}

empower::SuggestionPolicy base_policy(int max_tokens) {
    auto p = *empower::SuggestionPolicy::parse("base");
    p.max_tokens = max_tokens;
    return p;
}

}  // namespace

class TestTokenHealing : public QObject {
    Q_OBJECT
private slots:
    void backsUpToANaturalBoundary() {
        const auto model = lm::TransformerLanguageModel::load(default_model_dir());
        const auto& tok = model->tokenizer();
        auto backed = [&](const std::string& prefix) { return lm::back_up_prompt(tok, tok.encode(prefix)); };
        // Trailing whitespace is never where a token ends: the word before it comes back too.
        // ("    for " is "   ", " for", " " in a GPT-2-style split: the word comes back with its space.)
        QCOMPARE(QString::fromStdString(backed("for row in grid:\n    for ").removed), QString(" for "));
        // A word fragment glued to the token before it is removed with it (never more than the limits).
        const auto fragment = backed("x = range(len(valu");
        QVERIFY2(QString::fromStdString(fragment.removed).endsWith("valu"), fragment.removed.c_str());
        QVERIFY(fragment.removed_tokens <= lm::kMaxHealTokens);
        // The rebuilt prompt plus the removed text is the original prompt.
        for (const std::string p : {"print(a, ", "def f(self, na", "    return x\n\n", "a"}) {
            const auto h = backed(p);
            QCOMPARE(QString::fromStdString(tok.decode(h.ids) + h.removed), QString::fromStdString(p));
            QVERIFY(!h.ids.empty());  // at least one token stays
            QVERIFY(h.removed.size() <= lm::kMaxHealBytes);
        }
        // Added tokens (chat markers, end of text) are never backed up.
        auto ids = tok.encode("x = ");
        ids.push_back(*tok.end_of_text_id());
        QCOMPARE(backed("").removed_tokens, 0);
        QCOMPARE(lm::back_up_prompt(tok, ids).removed_tokens, 0);
    }

    void consistencyRule() {
        QVERIFY(lm::consistent_with_typed("for", "for "));   // a piece of the typed text
        QVERIFY(lm::consistent_with_typed("for ", "for "));  // exactly it
        QVERIFY(lm::consistent_with_typed(" row", " "));     // completes it and goes on
        QVERIFY(lm::consistent_with_typed("  ", " "));       // the typed space, then one more
        QVERIFY(lm::consistent_with_typed(" ", "  "));       // one of two typed spaces
        QVERIFY(!lm::consistent_with_typed("x ", " "));
        QVERIFY(!lm::consistent_with_typed("fo r", "for"));
        QVERIFY(!lm::consistent_with_typed("", "x"));
    }

    void healedGenerationMatchesBruteForce() {
        const auto model = testing::tiny_model(7);
        const auto& tok = model->tokenizer();
        std::mt19937 rng(11);
        int checked_straddling = 0, checked_inside = 0;
        for (const auto& doc : testing::tiny_corpus()) {
            for (int trial = 0; trial < 6; ++trial) {
                const std::size_t cut = 2 + rng() % (doc.size() - 2);
                const std::string prefix = doc.substr(0, cut);
                auto session = model->new_session();
                empower::SuggestRequest request{prefix, base_policy(6), 0, nullptr};
                const auto s = empower::suggest(*model, *session, request);
                const auto healed = lm::back_up_prompt(tok, tok.encode(prefix));
                QCOMPARE(QString::fromStdString(s.typed_prefix), QString::fromStdString(healed.removed));

                std::vector<text::TokenId> context = healed.ids;
                std::string remaining = healed.removed;
                std::size_t typed = 0;
                for (const auto& t : s.tokens) {
                    const auto lp = next_distribution(*model, context);
                    if (!remaining.empty()) {
                        double mass = 0;
                        int best = -1;
                        for (int id = 0; id < tok.vocab_size(); ++id) {
                            const auto& b = tok.token_bytes(id);
                            const bool ok = !tok.is_added(id) && !b.empty() &&
                                            (b.size() >= remaining.size() ? b.compare(0, remaining.size(), remaining) == 0
                                                                           : remaining.compare(0, b.size(), b) == 0);
                            if (!ok) continue;
                            mass += std::exp(lp[static_cast<std::size_t>(id)]);
                            if (best < 0 || lp[static_cast<std::size_t>(id)] > lp[static_cast<std::size_t>(best)]) best = id;
                        }
                        QCOMPARE(t.id, best);
                        const auto& b = tok.token_bytes(t.id);
                        if (b.size() <= remaining.size()) {
                            QCOMPARE(double(t.logprob), 0.0);
                            remaining.erase(0, b.size());
                            ++typed;
                            ++checked_inside;
                        } else {
                            QVERIFY(std::abs(t.logprob - (lp[static_cast<std::size_t>(t.id)] - std::log(mass))) < 2e-4);
                            remaining.clear();
                            ++checked_straddling;
                        }
                    } else {
                        int best = 0;
                        for (int id = 1; id < tok.vocab_size(); ++id)
                            if (lp[static_cast<std::size_t>(id)] > lp[static_cast<std::size_t>(best)]) best = id;
                        QCOMPARE(t.id, best);
                        QVERIFY(std::abs(t.logprob - lp[static_cast<std::size_t>(t.id)]) < 2e-4);
                    }
                    context.push_back(t.id);
                }
                if (s.typed_tokens != typed) {
                    std::string dump;
                    for (const auto& t : s.tokens) dump += "[" + tok.token_bytes(t.id) + "|" + std::to_string(t.logprob) + "]";
                    qWarning("prefix=%s removed=%s typed_prefix=%s tokens=%s", prefix.c_str(), healed.removed.c_str(), s.typed_prefix.c_str(), dump.c_str());
                }
                QCOMPARE(s.typed_tokens, typed);
                std::string all;
                for (const auto& t : s.tokens) all += tok.token_bytes(t.id);
                if (all.size() > healed.removed.size()) QCOMPARE(QString::fromStdString(s.text), QString::fromStdString(all.substr(healed.removed.size())));
            }
        }
        QVERIFY(checked_straddling > 10);
        QVERIFY(checked_inside > 0);
    }

    void cutCountsOnlyUntypedText() {
        const auto model = testing::tiny_model(7);
        auto session = model->new_session();
        auto policy = *empower::SuggestionPolicy::parse("empower");
        policy.eta = 0.0;  // nothing new may be kept ...
        const auto s = empower::suggest(*model, *session, {"for i in ra", policy, 0, nullptr});
        QVERIFY(s.typed_tokens > 0 || !s.typed_prefix.empty());
        QCOMPARE(s.cut, s.typed_tokens);  // ... but the typed tokens cost nothing
        QCOMPARE(QString::fromStdString(s.text), QString());
        for (std::size_t i = 0; i < s.typed_tokens; ++i) QCOMPARE(s.cumulative_nll[i], 0.0);
        // Switched off: the prompt as encoded, nothing regenerated.
        policy.heal = false;
        const auto plain = empower::suggest(*model, *session, {"for i in ra", policy, 0, nullptr});
        QCOMPARE(plain.typed_tokens, std::size_t(0));
        QVERIFY(plain.typed_prefix.empty());
    }

    void keyCacheServesEveryKeystroke() {
        const auto model = testing::tiny_model(7);
        auto session = model->new_session();
        const std::string text = "import os\nimport sys\n\ndef main():\n    args = sys.argv[1:]\n    for arg in args:\n";
        std::int64_t reused = 0;
        for (std::size_t n = 40; n <= text.size(); ++n) {
            const auto s = empower::suggest(*model, *session, {std::string_view(text).substr(0, n), base_policy(4), 0, nullptr});
            if (n > 40) reused += s.reused_prefix_tokens;
        }
        // Every keystroke after the first reuses most of its healed prompt from the cache.
        QVERIFY2(reused > static_cast<std::int64_t>(text.size() - 40) * 8, qPrintable(QString::number(reused)));
    }

    void cachedSessionEqualsFreshSessionAtEveryKeystroke() {
        // The editor's session serves keystroke after keystroke from its KV cache; each healed
        // suggestion must be exactly what a fresh session gives for the same text.
        const auto model = lm::TransformerLanguageModel::load(default_model_dir());
        auto cached = model->new_session();
        std::string code = lava_trap_inner_loop();
        auto policy = *empower::SuggestionPolicy::parse("empower");
        policy.eta = 8;
        for (const char c : std::string("for cell in row:")) {
            code += c;
            const auto a = empower::suggest(*model, *cached, {code, policy, 5, nullptr});
            auto fresh_session = model->new_session();
            const auto b = empower::suggest(*model, *fresh_session, {code, policy, 5, nullptr});
            QCOMPARE(QString::fromStdString(a.text), QString::fromStdString(b.text));
            QCOMPARE(a.tokens.size(), b.tokens.size());
            for (std::size_t i = 0; i < a.tokens.size(); ++i) {
                QCOMPARE(a.tokens[i].id, b.tokens[i].id);
                QVERIFY(std::abs(a.tokens[i].logprob - b.tokens[i].logprob) < 1e-4);
            }
        }
    }

    void forLoopOnTheBundledModel() {
        // The case a new user meets first: Lava Trap, "for row in grid:" ⏎ "for ", pause.
        const auto model = lm::TransformerLanguageModel::load(default_model_dir());
        auto session = model->new_session();
        const std::string code = lava_trap_inner_loop() + "for ";
        auto policy = *empower::SuggestionPolicy::parse("empower");
        policy.eta = 6;
        const auto healed = empower::suggest(*model, *session, {code, policy, 5, nullptr});
        qInfo("healed ghost text: \"%s\"", healed.text.c_str());
        QVERIFY2(!healed.text.empty(), "no suggestion");
        QVERIFY2(!std::isspace(static_cast<unsigned char>(healed.text.front())), healed.text.c_str());
        QVERIFY2(std::isalpha(static_cast<unsigned char>(healed.text.front())) || healed.text.front() == '_', healed.text.c_str());
    }
};

QTEST_GUILESS_MAIN(TestTokenHealing)
#include "test_token_healing.moc"
