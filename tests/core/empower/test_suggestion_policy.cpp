// Suggestion policies on a real (small, random) model: Empower-η keeps exactly the tokens whose
// cumulative NLL stays <= η; Base keeps all; Base-N the first N; re-cutting needs no model call;
// a separate likelihood model scores the assistant's text.
#include "empower/line_suffix.h"
#include "empower/suggestion_policy.h"
#include "empower/threshold_cut.h"
#include "lm/token_healing.h"
#include "support/tiny_model.h"

#include <QtTest>
#include <limits>
#include <optional>

using namespace ew;
using namespace ew::empower;

class TestSuggestionPolicy : public QObject {
    Q_OBJECT
    std::shared_ptr<lm::TransformerLanguageModel> model_ = testing::tiny_model(3);
    const std::string prefix_ = "class Point:\n    def __init__(self, x, y):\n        self.";

private slots:
    void parsesPolicyNames() {
        QCOMPARE(int(SuggestionPolicy::parse("empower")->kind), int(PolicyKind::Empower));
        QCOMPARE(int(SuggestionPolicy::parse("Base")->kind), int(PolicyKind::Base));
        auto b20 = SuggestionPolicy::parse("base-20");
        QCOMPARE(int(b20->kind), int(PolicyKind::BaseN));
        QCOMPARE(b20->n, 20);
        QVERIFY(!SuggestionPolicy::parse("base-0"));
        QVERIFY(!SuggestionPolicy::parse("base-x"));
        QVERIFY(!SuggestionPolicy::parse("sft"));
        QCOMPARE(SuggestionPolicy::parse("base-10")->label(), std::string("Base-10"));
    }
    // What the memory check is told a suggestion can hold: the capped context, the generated tokens
    // and healing's re-typed tail; nothing to bound for a whole-file context or an instruct prompt.
    void reachCoversContextGenerationAndHealing() {
        SuggestionPolicy p;
        p.context_tokens = 1024;
        p.max_tokens = 48;
        QVERIFY(p.reach_tokens() >= 1024 + 48 + 1);  // + the BOS a framed window may carry
        QVERIFY(p.reach_tokens() <= 1024 + 48 + 64);
        const auto healed = p.reach_tokens();
        p.heal = false;
        QVERIFY(p.reach_tokens() < healed);
        QVERIFY(p.reach_tokens() >= 1024 + 48 + 1);
        p.context_tokens = 0;
        QCOMPARE(p.reach_tokens(), std::uint64_t(0));
        p.context_tokens = 256;
        p.instruct = true;
        QCOMPARE(p.reach_tokens(), std::uint64_t(0));
    }
    // The policies' own semantics, on the prompt as encoded (healing: tests/core/lm/test_token_healing).
    void empowerCutsWhereCumulativeNllPassesEta() {
        SuggestionPolicy p;
        p.heal = false;
        p.eta = 15.0;
        p.max_tokens = 20;
        p.lookahead = std::numeric_limits<double>::infinity();
        auto session = model_->new_session();
        auto s = suggest(*model_, *session, {prefix_, p, 3, nullptr});
        QCOMPARE(s.tokens.size(), std::size_t(20));  // a random model rarely emits end-of-text
        std::vector<double> lp;
        for (const auto& t : s.tokens) lp.push_back(t.logprob);
        QCOMPARE(s.cut, threshold_cut(std::span<const double>(lp), 15.0));
        QVERIFY(s.cut < s.tokens.size());
        if (s.cut > 0) QVERIFY(s.cumulative_nll[s.cut - 1] <= 15.0);
        QVERIFY(s.cumulative_nll[s.cut] > 15.0);
        std::string kept;
        for (std::size_t i = 0; i < s.cut; ++i) kept += model_->tokenizer().token_bytes(s.tokens[i].id);
        QCOMPARE(s.text, kept);
        QCOMPARE(s.tokens[0].top.size(), std::size_t(3));
    }
    void lookaheadStopsGenerationPastTheCut() {
        SuggestionPolicy p;
        p.eta = 6.0;
        p.max_tokens = 40;
        p.lookahead = 2.0;
        auto session = model_->new_session();
        auto s = suggest(*model_, *session, {prefix_, p, 0, nullptr});
        QCOMPARE(s.stop_reason, lm::StopReason::LikelihoodBudget);
        QVERIFY(s.cumulative_nll.back() > 12.0);
        QVERIFY(s.cumulative_nll[s.cumulative_nll.size() - 2] <= 12.0);  // stopped at the first crossing
        // The cut is the same as with unlimited generation.
        p.lookahead = std::numeric_limits<double>::infinity();
        auto full = suggest(*model_, *session, {prefix_, p, 0, nullptr});
        QCOMPARE(s.cut, full.cut);
        QCOMPARE(s.text, full.text);
    }
    void recutMovesTheCutWithoutTheModel() {
        SuggestionPolicy p;
        p.heal = false;
        p.lookahead = std::numeric_limits<double>::infinity();
        p.eta = 5.0;
        p.max_tokens = 16;
        auto session = model_->new_session();
        auto s = suggest(*model_, *session, {prefix_, p, 0, nullptr});
        const auto small = s.cut;
        p.eta = 1e9;
        recut(s, p, model_->tokenizer());
        QCOMPARE(s.cut, s.tokens.size());
        QVERIFY(s.cut >= small);
        p.eta = 0.0;
        recut(s, p, model_->tokenizer());
        QCOMPARE(s.cut, std::size_t(0));
        QVERIFY(s.text.empty());
    }
    void midLineTextIsFittedBeforeTheClosersAndRecutKeepsIt() {
        SuggestionPolicy p;
        p.kind = PolicyKind::Base;
        p.max_tokens = 24;
        auto session = model_->new_session();
        const std::string prefix = "print(";
        auto plain = suggest(*model_, *session, {prefix, p, 0, nullptr});
        SuggestRequest mid{prefix, p, 0, nullptr};
        mid.line_suffix = ")";
        auto fitted = suggest(*model_, *session, mid);
        // Same tokens (greedy, same prompt); only the shown text is fitted.
        QCOMPARE(fitted.tokens.size(), plain.tokens.size());
        QCOMPARE(fitted.text, fit_before_suffix(plain.text, ")"));
        QVERIFY(fitted.text.find('\n') == std::string::npos);
        p.kind = PolicyKind::BaseN;
        p.n = 2;
        recut(fitted, p, model_->tokenizer());
        recut(plain, p, model_->tokenizer());
        QCOMPARE(fitted.text, fit_before_suffix(plain.text, ")"));
        // Anything but closers after the caret is refused with a clear error.
        SuggestRequest editing{prefix, p, 0, nullptr};
        editing.line_suffix = "x)";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, suggest(*model_, *session, editing));
    }

    void cutIsReportedEarlyAndTheLookaheadMatchesOneRun() {
        SuggestionPolicy p;
        p.eta = 3.0;
        p.lookahead = 3.0;
        p.max_tokens = 32;
        int reported = 0;
        for (const std::string prefix : {prefix_, std::string("for i in ra"), std::string("x = "), std::string("def f(a, b")}) {
            auto one_session = model_->new_session();
            const auto one = suggest(*model_, *one_session, {prefix, p, 3, nullptr});
            auto two_session = model_->new_session();
            SuggestRequest request{prefix, p, 3, nullptr};
            std::optional<Suggestion> early;
            int calls = 0;
            request.on_cut_final = [&](const Suggestion& s) {
                early = s;
                ++calls;
            };
            const auto two = suggest(*model_, *two_session, request);
            QCOMPARE(two.tokens.size(), one.tokens.size());
            for (std::size_t i = 0; i < one.tokens.size(); ++i) {
                QCOMPARE(two.tokens[i].id, one.tokens[i].id);
                QVERIFY(std::abs(two.tokens[i].logprob - one.tokens[i].logprob) < 1e-4);
            }
            QCOMPARE(two.cut, one.cut);
            QCOMPARE(two.text, one.text);
            QCOMPARE(two.stop_reason, one.stop_reason);
            QCOMPARE(two.typed_tokens, one.typed_tokens);
            // Reported exactly when the cumulative NLL passed η, with the final cut and text.
            const bool passed_eta = !one.cumulative_nll.empty() && one.cumulative_nll.back() > p.eta;
            QCOMPARE(calls, passed_eta ? 1 : 0);
            if (early) {
                ++reported;
                QCOMPARE(early->cut, one.cut);
                QCOMPARE(early->text, one.text);
                QVERIFY(early->tokens.size() <= one.tokens.size());
                QVERIFY(early->cumulative_nll.back() > p.eta);
            }
        }
        QVERIFY(reported >= 2);
    }

    // Streaming: the pieces reported as final, put together, are the suggestion's text — for
    // Empower (one and two phases, healed and not, in nats and bits), Base and Base-N — and arrive
    // a token at a time; nothing is reported past the cut.
    void finalTextIsReportedPieceByPieceAndAddsUpToTheSuggestion() {
        int multiPiece = 0;
        for (const std::string spec : {"empower", "base", "base-3"})
            for (const double lookahead : {1.0, 3.0})
                for (const bool heal : {true, false})
                    for (const std::string prefix : {prefix_, std::string("for i in ra"), std::string("x = "), std::string("def f(a, b")}) {
                        auto p = *SuggestionPolicy::parse(spec);
                        p.eta = spec == "empower" && heal ? 6.0 : 9.0;
                        if (!heal && spec == "empower") p.unit = NllUnit::Bits;
                        p.lookahead = lookahead;
                        p.heal = heal;
                        p.max_tokens = 16;
                        auto session = model_->new_session();
                        SuggestRequest request{prefix, p, 0, nullptr};
                        std::vector<std::string> pieces;
                        request.on_final_text = [&](std::string_view piece) { pieces.emplace_back(piece); };
                        request.on_cut_final = [](const Suggestion&) {};  // the two-phase path where it applies
                        const auto s = suggest(*model_, *session, request);
                        std::string joined;
                        for (const auto& piece : pieces) {
                            QVERIFY(!piece.empty());
                            joined += piece;
                        }
                        QCOMPARE(joined, s.text);
                        QVERIFY(pieces.size() <= s.cut);
                        multiPiece += pieces.size() > 1;
                    }
        QVERIFY2(multiPiece >= 10, qPrintable(QString::number(multiPiece)));
        // Where the text is settled only at the end (fitted before closers), nothing streams.
        auto p = *SuggestionPolicy::parse("base");
        p.max_tokens = 12;
        auto session = model_->new_session();
        SuggestRequest mid{"print(", p, 0, nullptr};
        mid.line_suffix = ")";
        int calls = 0;
        mid.on_final_text = [&](std::string_view) { ++calls; };
        suggest(*model_, *session, mid);
        QCOMPARE(calls, 0);
    }

    void baseAndBaseN() {
        auto session = model_->new_session();
        SuggestionPolicy base = *SuggestionPolicy::parse("base");
        base.max_tokens = 12;
        base.heal = false;
        auto s = suggest(*model_, *session, {prefix_, base, 0, nullptr});
        QCOMPARE(s.cut, s.tokens.size());
        auto b5 = *SuggestionPolicy::parse("base-5");
        b5.heal = false;
        auto s5 = suggest(*model_, *session, {prefix_, b5, 0, nullptr});
        QCOMPARE(s5.tokens.size(), std::size_t(5));
        QCOMPARE(s5.cut, std::size_t(5));
        // Same greedy model: Base-5 is the first five tokens of Base.
        for (std::size_t i = 0; i < 5; ++i) QCOMPARE(s5.tokens[i].id, s.tokens[i].id);
        // Healed, Base-N counts N tokens beyond those that only regenerate typed text.
        b5.heal = true;
        auto h5 = suggest(*model_, *session, {prefix_, b5, 0, nullptr});
        QVERIFY(!h5.typed_prefix.empty());
        QCOMPARE(h5.cut, h5.typed_tokens + 5);
        QCOMPARE(h5.tokens.size(), h5.typed_tokens + 5);
    }
    void separateLikelihoodModelScoresTheSuggestion() {
        auto judge = testing::tiny_model(77);
        SuggestionPolicy p;
        p.heal = false;
        p.eta = 12.0;
        p.max_tokens = 10;
        auto session = model_->new_session();
        auto s = suggest(*model_, *session, {prefix_, p, 2, judge.get()});
        // The scores are the judge's: recompute them by teacher forcing under the judge.
        std::string generated;
        for (const auto& t : s.tokens) generated += judge->tokenizer().token_bytes(t.id);
        lm::ScoreRequest r{judge->tokenizer().encode(prefix_), judge->tokenizer().encode(generated)};
        auto expected = judge->score(std::span(&r, 1), 0).front();
        QCOMPARE(s.tokens.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) QVERIFY(std::abs(s.tokens[i].logprob - expected[i].logprob) < 1e-4);
        auto self = model_->new_session();
        auto own = suggest(*model_, *self, {prefix_, p, 2, nullptr});
        QVERIFY2(std::abs(own.tokens[0].logprob - s.tokens[0].logprob) > 1e-6, "a different judge gives different scores");
        // Healed: the judge scores its own backed-up text plus the new text; its typed tokens count 0.
        p.heal = true;
        auto healed = suggest(*model_, *session, {prefix_, p, 2, judge.get()});
        const auto context = lm::back_up_prompt(judge->tokenizer(), judge->tokenizer().encode(prefix_));
        QCOMPARE(QString::fromStdString(healed.typed_prefix), QString::fromStdString(context.removed));
        std::string all;
        for (const auto& t : healed.tokens) all += judge->tokenizer().token_bytes(t.id);
        lm::ScoreRequest hr{context.ids, judge->tokenizer().encode(all)};
        auto hexpected = judge->score(std::span(&hr, 1), 0).front();
        QCOMPARE(healed.tokens.size(), hexpected.size());
        for (std::size_t i = 0; i < hexpected.size(); ++i)
            QVERIFY(std::abs(healed.tokens[i].logprob - (i < healed.typed_tokens ? 0.0f : hexpected[i].logprob)) < 1e-4);
    }
};

QTEST_GUILESS_MAIN(TestSuggestionPolicy)
#include "test_suggestion_policy.moc"
