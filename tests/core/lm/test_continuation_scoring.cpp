// Scoring the text after an offset (core/lm/continuation_scoring.h) on a tiny random model:
// healed scoring agrees with what healed generation recorded for the same tokens (a different
// code path: KV cache and a masked distribution), the token completing the typed text matches a
// brute-force renormalisation, an offset inside a token reports the boundary used, --no-heal is
// the plain teacher-forced score, and long continuations are clamped to the context.
#include "empower/suggestion_policy.h"
#include "lm/continuation_scoring.h"
#include "lm/token_healing.h"
#include "support/tiny_model.h"

#include <QtTest>
#include <cmath>

using namespace ew;

class TestContinuationScoring : public QObject {
    Q_OBJECT
    std::shared_ptr<lm::TransformerLanguageModel> model_ = testing::tiny_model(5);

    std::string text_of(const std::vector<lm::ScoredToken>& tokens) const {
        std::string s;
        for (const auto& t : tokens) s += model_->tokenizer().token_bytes(t.id);
        return s;
    }

private slots:
    void agreesWithHealedGeneration() {
        auto policy = *empower::SuggestionPolicy::parse("base");
        policy.max_tokens = 8;
        int compared = 0;
        for (const std::string prefix : {"for i in ra", "x = ", "def f(a, b", "    return sel", "class Po", "print(len(it", "y = x +"}) {
            auto session = model_->new_session();
            const auto s = empower::suggest(*model_, *session, {prefix, policy, 0, nullptr});
            if (s.text.empty()) continue;
            const auto scored = lm::score_continuation(*model_, prefix, s.text, {0, 0, true});
            QCOMPARE(scored.typed_prefix, s.typed_prefix);
            QCOMPARE(scored.boundary, prefix.size() - s.typed_prefix.size());
            QCOMPARE(text_of(scored.tokens), s.typed_prefix + s.text);
            // Generation may pick a tokenization the encoder would not: compare only where they agree.
            bool same = scored.tokens.size() == s.tokens.size();
            for (std::size_t i = 0; same && i < s.tokens.size(); ++i) same = scored.tokens[i].id == s.tokens[i].id;
            if (!same) continue;
            ++compared;
            QCOMPARE(scored.typed_tokens, s.typed_tokens);
            for (std::size_t i = 0; i < s.tokens.size(); ++i)
                QVERIFY2(std::abs(scored.tokens[i].logprob - s.tokens[i].logprob) < 2e-3,
                         qPrintable(QString("%1 token %2: scored %3, generated %4").arg(QString::fromStdString(prefix)).arg(i)
                                        .arg(scored.tokens[i].logprob).arg(s.tokens[i].logprob)));
        }
        QVERIFY2(compared >= 3, qPrintable(QString("only %1 prefixes tokenized alike").arg(compared)));
    }

    void completingTokenIsRenormalisedOverTheConsistentOnes() {
        // Brute force: the full distribution at the straddling position, filtered by plain string checks.
        const auto& tok = model_->tokenizer();
        const std::string prefix = "for i in ran", rest = "ge(10):\n";
        const auto scored = lm::score_continuation(*model_, prefix, rest, {0, 3, true});
        QVERIFY(!scored.typed_prefix.empty());
        QVERIFY(QString::fromStdString(scored.typed_prefix).endsWith("ran"));
        std::size_t covered = 0;
        for (std::size_t i = 0; i < scored.typed_tokens; ++i) {
            QCOMPARE(scored.tokens[i].logprob, 0.0f);
            covered += tok.token_bytes(scored.tokens[i].id).size();
        }
        const std::string remaining = scored.typed_prefix.substr(covered);
        QVERIFY(!remaining.empty());
        auto context = tok.encode(std::string_view(prefix).substr(0, scored.boundary));
        for (std::size_t i = 0; i < scored.typed_tokens; ++i) context.push_back(scored.tokens[i].id);
        const auto straddle = scored.tokens[scored.typed_tokens];
        lm::ScoreRequest r{context, {straddle.id}};
        const auto full = model_->score(std::span(&r, 1), tok.vocab_size()).front().front();
        double mass = 0;
        for (const auto& a : full.top) {
            const std::string& b = tok.token_bytes(a.id);
            const bool consistent = !b.empty() && (b.size() >= remaining.size() ? b.compare(0, remaining.size(), remaining) == 0
                                                                                : remaining.compare(0, b.size(), b) == 0);
            if (consistent && !tok.is_added(a.id)) mass += std::exp(double(a.logprob));
        }
        QVERIFY(mass > 0 && mass < 1);
        QVERIFY(std::abs(straddle.logprob - (full.logprob - std::log(mass))) < 1e-4);
        QVERIFY(straddle.logprob > full.logprob);  // conditioning on typed text can only raise it
        QVERIFY(straddle.top.size() <= 3);
        double shown = 0;
        for (const auto& a : straddle.top) shown += std::exp(double(a.logprob));
        QVERIFY(shown <= 1.0 + 1e-4);  // alternatives are the conditioned ones
        // Later tokens are plain teacher-forced log-probs.
        QVERIFY(scored.tokens.size() > scored.typed_tokens + 1);
    }

    void withoutHealingItIsThePlainScore() {
        const auto& tok = model_->tokenizer();
        const std::string prefix = "for i in ran", rest = "ge(10):\n";
        const auto plain = lm::score_continuation(*model_, prefix, rest, {0, 2, false});
        QCOMPARE(plain.boundary, prefix.size());
        QVERIFY(plain.typed_prefix.empty());
        QCOMPARE(plain.typed_tokens, std::size_t(0));
        lm::ScoreRequest r{tok.encode(prefix), tok.encode(rest)};
        const auto expected = model_->score(std::span(&r, 1), 2).front();
        QCOMPARE(plain.tokens.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) QCOMPARE(plain.tokens[i].logprob, expected[i].logprob);
    }

    void clampsToMaxTokensAndTheContext() {
        std::string long_text;
        while (model_->tokenizer().encode(long_text).size() < static_cast<std::size_t>(model_->context_length()) * 2)
            long_text += "total = total + value * 3\n";
        const auto all = lm::score_continuation(*model_, "x = 1\n", long_text, {0, 0, true});
        QVERIFY(all.truncated);
        QVERIFY(all.tokens.size() <= static_cast<std::size_t>(model_->context_length() - 2));
        const auto few = lm::score_continuation(*model_, "x = 1\n", long_text, {5, 0, true});
        QVERIFY(few.truncated);
        QCOMPARE(few.tokens.size(), few.typed_tokens + 5);
        const auto none = lm::score_continuation(*model_, "x = 1\n", "", {0, 0, false});
        QVERIFY(none.tokens.empty());
        QVERIFY(!none.truncated);
    }
};

QTEST_APPLESS_MAIN(TestContinuationScoring)
#include "test_continuation_scoring.moc"
