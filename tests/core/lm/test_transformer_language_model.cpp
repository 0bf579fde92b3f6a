// Numerics of the language-model layer on a small random model (real forward passes):
// one-pass scoring = Algorithm 1 as written; batched+padded = one at a time; KV-cache generation
// = recompute-everything; prefix reuse = a fresh session; generation log-probs = teacher forcing.
#include "empower/algorithm1_reference.h"
#include "empower/threshold_cut.h"
#include "support/cpu_threads.h"
#include "support/error.h"
#include "support/tiny_model.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>
#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

using namespace ew;

class TestTransformerLanguageModel : public QObject {
    Q_OBJECT
    std::shared_ptr<lm::TransformerLanguageModel> model_ = testing::tiny_model(5);
    std::vector<lm::TokenId> corpus_ids_;

    std::vector<lm::TokenId> slice(std::size_t from, std::size_t n) const {
        return {corpus_ids_.begin() + static_cast<std::ptrdiff_t>(from), corpus_ids_.begin() + static_cast<std::ptrdiff_t>(from + n)};
    }
    static std::vector<lm::TokenId> ids_of(const lm::Generation& g) {
        std::vector<lm::TokenId> ids;
        for (const auto& t : g.tokens) ids.push_back(t.id);
        return ids;
    }

private slots:
    void fusedScoringEqualsAllLogits() {
        // Projecting only the continuation's rows, in chunks, gives the numbers of the full
        // [B, T, V] logits path: same target log-probs and same top-k, for a batch of requests
        // whose continuations are longer than one chunk.
        auto fused = testing::tiny_model(3);
        auto full = testing::tiny_model(3);
        full->set_scoring_chunk_rows(0);
        fused->set_scoring_chunk_rows(7);
        const auto& tok = fused->tokenizer();
        std::vector<lm::ScoreRequest> requests{{tok.encode("def f(x):\n"), tok.encode("    return x + 1\n\nprint(f(2))\n")},
                                               {tok.encode(""), tok.encode("import sys\nfor line in sys.stdin:\n    pass\n")},
                                               {tok.encode("x = 1"), {}}};
        const auto a = fused->score(requests, 4);
        const auto b = full->score(requests, 4);
        QCOMPARE(a.size(), b.size());
        for (std::size_t r = 0; r < a.size(); ++r) {
            QCOMPARE(a[r].size(), b[r].size());
            for (std::size_t i = 0; i < a[r].size(); ++i) {
                QVERIFY(std::abs(a[r][i].logprob - b[r][i].logprob) < 1e-5f);
                QCOMPARE(a[r][i].top.size(), b[r][i].top.size());
                for (std::size_t k = 0; k < a[r][i].top.size(); ++k) QCOMPARE(a[r][i].top[k].id, b[r][i].top[k].id);
            }
        }
        QVERIFY(a[0].size() > 7);  // more than one chunk
    }

    void initTestCase() {
        std::string all;
        for (const auto& d : testing::tiny_corpus()) all += d;
        corpus_ids_ = model_->tokenizer().encode(all);
        QVERIFY(corpus_ids_.size() > 120);
    }

    void onePassCutEqualsAlgorithm1AsWritten() {
        std::mt19937 rng(11);
        int nontrivial = 0;
        for (int trial = 0; trial < 30; ++trial) {
            const std::size_t ctx = 1 + rng() % 40, n = 1 + rng() % 20, start = rng() % (corpus_ids_.size() - ctx - n);
            auto context = slice(start, ctx), suffix = slice(start + ctx, n);
            lm::ScoreRequest r{context, suffix};
            auto scored = model_->score(std::span(&r, 1), 0).front();
            QCOMPARE(scored.size(), n);
            std::vector<double> lp;
            for (const auto& t : scored) lp.push_back(t.logprob);
            const double eta = 2.0 + (rng() % 200) / 10.0;
            const auto fast = empower::threshold_cut(std::span<const double>(lp), eta);
            const auto slow = empower::algorithm1_cut(*model_, context, suffix, eta);
            QCOMPARE(fast, slow);
            nontrivial += fast > 0 && fast < n;
        }
        QVERIFY2(nontrivial > 5, "the comparison should exercise cuts strictly inside the suffix");
    }

    void batchedPaddedScoringEqualsOneAtATime() {
        std::vector<lm::ScoreRequest> batch{{slice(0, 5), slice(5, 9)}, {slice(20, 30), slice(50, 3)}, {{}, slice(7, 12)}, {slice(3, 2), {}}};
        auto together = model_->score(batch, 4);
        QCOMPARE(together.size(), batch.size());
        for (std::size_t b = 0; b < batch.size(); ++b) {
            auto alone = model_->score(std::span(&batch[b], 1), 4).front();
            QCOMPARE(together[b].size(), alone.size());
            for (std::size_t i = 0; i < alone.size(); ++i) {
                QCOMPARE(together[b][i].id, alone[i].id);
                QVERIFY(std::abs(together[b][i].logprob - alone[i].logprob) < 1e-4);
                QCOMPARE(together[b][i].top.size(), std::size_t(4));
                QCOMPARE(together[b][i].top[0].id, alone[i].top[0].id);
                // top-k is sorted and the best alternative is at least as likely as the actual token
                QVERIFY(together[b][i].top[0].logprob >= together[b][i].top[3].logprob);
                QVERIFY(together[b][i].top[0].logprob >= together[b][i].logprob - 1e-5);
            }
        }
    }

    void kvCacheGenerationEqualsRecompute() {
        lm::GenerationOptions o;
        o.max_new_tokens = 24;
        o.stop_at_end_of_text = false;
        auto cached = model_->new_session()->generate(slice(10, 30), o);
        o.use_kv_cache = false;
        auto recomputed = model_->new_session()->generate(slice(10, 30), o);
        QCOMPARE(ids_of(cached), ids_of(recomputed));
        for (std::size_t i = 0; i < cached.tokens.size(); ++i)
            QVERIFY(std::abs(cached.tokens[i].logprob - recomputed.tokens[i].logprob) < 1e-4);
        QCOMPARE(cached.tokens.size(), std::size_t(24));
    }

    // The suggestion context cap: the last tokens only, the window start on a stride of a quarter
    // of the cap (so typing inside a stride reuses the KV cache), and exactly the generation the
    // kept tokens alone give.
    void contextCapKeepsTheLastTokensInStrides() {
        lm::GenerationOptions o;
        o.max_new_tokens = 8;
        o.stop_at_end_of_text = false;
        o.max_context_tokens = 40;  // stride 10
        auto session = model_->new_session();
        const auto capped = session->generate(slice(0, 100), o);  // drops 60: keeps tokens 60..99
        auto plain = o;
        plain.max_context_tokens = 0;
        const auto direct = model_->new_session()->generate(slice(60, 40), plain);
        QCOMPARE(ids_of(capped), ids_of(direct));
        QCOMPARE(capped.computed_prefix_tokens, direct.computed_prefix_tokens);
        QVERIFY(capped.computed_prefix_tokens <= 41);
        // One token more crosses a stride: the start moves to 70 (31 tokens), computed afresh.
        const auto moved = session->generate(slice(0, 101), o);
        QCOMPARE(ids_of(moved), ids_of(model_->new_session()->generate(slice(70, 31), plain)));
        // Another keystroke inside the stride: the window start stays, the cache serves it.
        const auto typed = session->generate(slice(0, 102), o);
        QVERIFY2(typed.reused_prefix_tokens >= 31, qPrintable(QString::number(typed.reused_prefix_tokens)));
        QVERIFY(typed.computed_prefix_tokens <= 2);
    }

    void generationLogprobsEqualTeacherForcedScores() {
        lm::GenerationOptions o;
        o.max_new_tokens = 16;
        o.stop_at_end_of_text = false;
        auto context = slice(0, 25);
        auto g = model_->new_session()->generate(context, o);
        lm::ScoreRequest r{context, ids_of(g)};
        auto scored = model_->score(std::span(&r, 1), 0).front();
        for (std::size_t i = 0; i < scored.size(); ++i) QVERIFY(std::abs(scored[i].logprob - g.tokens[i].logprob) < 1e-4);
    }

    void prefixReuseEqualsFreshSession() {
        lm::GenerationOptions o;
        o.max_new_tokens = 12;
        o.stop_at_end_of_text = false;
        auto session = model_->new_session();
        session->generate(slice(0, 40), o);
        // Typing: the context grew.
        auto grown = session->generate(slice(0, 43), o);
        QVERIFY2(grown.reused_prefix_tokens >= 40, "the cached prefix should be reused");
        QCOMPARE(ids_of(grown), ids_of(model_->new_session()->generate(slice(0, 43), o)));
        // Backspace: the context shrank.
        auto shrunk = session->generate(slice(0, 38), o);
        QCOMPARE(ids_of(shrunk), ids_of(model_->new_session()->generate(slice(0, 38), o)));
        // Same context again: everything reused, same answer.
        auto again = session->generate(slice(0, 38), o);
        QCOMPARE(again.computed_prefix_tokens, std::int64_t(0));
        QCOMPARE(ids_of(again), ids_of(shrunk));
        // An edit in the middle: only the common prefix is reused.
        auto edited_ctx = slice(0, 38);
        edited_ctx[20] = edited_ctx[20] == 65 ? 66 : 65;
        auto edited = session->generate(edited_ctx, o);
        QVERIFY(edited.reused_prefix_tokens <= 21);
        QCOMPARE(ids_of(edited), ids_of(model_->new_session()->generate(edited_ctx, o)));
    }

    void cancelledPrefillLeavesTheSessionConsistent() {
        // A prompt abandoned before its prefill finished (caret jumped, file switched) must not
        // leave a stale "latest prompt" behind: the same session then answers as a fresh one.
        lm::GenerationOptions o;
        o.max_new_tokens = 10;
        o.stop_at_end_of_text = false;
        auto session = model_->new_session();
        const auto first = session->generate(slice(0, 60), o);
        auto other = slice(0, 60);
        other[30] = other[30] == 65 ? 66 : 65;
        std::atomic<bool> cancel{true};
        const auto abandoned = session->generate(other, o, &cancel);
        QCOMPARE(abandoned.stop_reason, lm::StopReason::Cancelled);
        QVERIFY(abandoned.tokens.empty());
        QCOMPARE(ids_of(session->generate(slice(0, 40), o)), ids_of(model_->new_session()->generate(slice(0, 40), o)));
        const auto again = session->generate(slice(0, 60), o);
        QCOMPARE(ids_of(again), ids_of(first));
        for (std::size_t i = 0; i < again.tokens.size(); ++i)
            QVERIFY(std::abs(again.tokens[i].logprob - first.tokens[i].logprob) < 1e-4f);
    }

    void cancelInsideAPassLeavesTheCacheAsBefore() {
        // Cancellation is polled between layers: a stale keystroke's pass stops within a layer.
        // The layers that already wrote this pass's keys and values are cut back, so the session
        // continues from the token before as if the pass had never started.
        lm::GenerationOptions o;
        o.max_new_tokens = 12;
        o.stop_at_end_of_text = false;
        const auto full = model_->new_session()->generate(slice(0, 30), o);
        QCOMPARE(full.tokens.size(), std::size_t(12));
        auto session = model_->new_session();
        std::atomic<bool> cancel{false};
        auto stopping = o;
        int seen = 0;
        stopping.on_token = [&](const lm::ScoredToken&) {
            if (++seen == 3) cancel = true;  // set on the generating thread, before the 3rd token's pass
        };
        const auto cut = session->generate(slice(0, 30), stopping, &cancel);
        QCOMPARE(cut.stop_reason, lm::StopReason::Cancelled);
        QCOMPARE(cut.tokens.size(), std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i) QCOMPARE(cut.tokens[i].id, full.tokens[i].id);
        // Continuing the cancelled text reuses the prompt and the two tokens whose passes finished.
        auto continued_ctx = slice(0, 30);
        for (std::size_t i = 0; i < 3; ++i) continued_ctx.push_back(full.tokens[i].id);
        const auto continued = session->generate(continued_ctx, o);
        QVERIFY2(continued.reused_prefix_tokens >= 32, qPrintable(QString::number(continued.reused_prefix_tokens)));
        const auto fresh = model_->new_session()->generate(continued_ctx, o);
        QCOMPARE(ids_of(continued), ids_of(fresh));
        for (std::size_t i = 0; i < fresh.tokens.size(); ++i) QVERIFY(std::abs(continued.tokens[i].logprob - fresh.tokens[i].logprob) < 1e-4f);
        for (std::size_t i = 0; i + 3 < full.tokens.size(); ++i) QCOMPARE(continued.tokens[i].id, full.tokens[i + 3].id);
    }

    void longContextIsTruncatedToTheWindow() {
        std::vector<lm::TokenId> long_ctx;
        while (long_ctx.size() < 300) long_ctx.insert(long_ctx.end(), corpus_ids_.begin(), corpus_ids_.end());
        lm::GenerationOptions o;
        o.max_new_tokens = 8;
        o.stop_at_end_of_text = false;
        auto session = model_->new_session();
        auto g = session->generate(long_ctx, o);
        QCOMPARE(g.tokens.size(), std::size_t(8));
        long_ctx.push_back(corpus_ids_[3]);
        auto g2 = session->generate(long_ctx, o);
        QVERIFY2(g2.reused_prefix_tokens > 0, "window start moves in strides, so one more token keeps the cache");
        lm::ScoreRequest too_long{{}, std::vector<lm::TokenId>(200, 5)};
        QVERIFY_THROWS_EXCEPTION(Error, model_->score(std::span(&too_long, 1), 0));
    }

    void stopStringsAndCancellation() {
        lm::GenerationOptions o;
        o.max_new_tokens = 20;
        o.stop_at_end_of_text = false;
        auto full = model_->new_session()->generate(slice(0, 10), o);
        const auto& tok = model_->tokenizer();
        std::string third = tok.token_bytes(full.tokens[2].id);
        std::string before;
        for (int i = 0; i < 2; ++i) before += tok.token_bytes(full.tokens[i].id);
        if (before.find(third) == std::string::npos) {
            o.stop_strings = {third};
            auto stopped = model_->new_session()->generate(slice(0, 10), o);
            QCOMPARE(stopped.stop_reason, lm::StopReason::StopString);
            QCOMPARE(stopped.tokens.size(), std::size_t(2));
        }
        std::atomic<bool> cancel{true};
        auto cancelled = model_->new_session()->generate(slice(0, 10), o, &cancel);
        QCOMPARE(cancelled.stop_reason, lm::StopReason::Cancelled);
        QVERIFY(cancelled.tokens.empty());
    }

    void samplingIsSeededAndTinyTopPIsGreedy() {
        lm::GenerationOptions o;
        o.max_new_tokens = 10;
        o.stop_at_end_of_text = false;
        auto greedy = model_->new_session()->generate(slice(0, 10), o);
        o.temperature = 1.0f;
        o.seed = 99;
        auto a = model_->new_session()->generate(slice(0, 10), o);
        auto b = model_->new_session()->generate(slice(0, 10), o);
        QCOMPARE(ids_of(a), ids_of(b));
        o.top_p = 1e-6f;
        QCOMPARE(ids_of(model_->new_session()->generate(slice(0, 10), o)), ids_of(greedy));
    }

    // A load that names no thread count uses one per physical core (support/cpu_threads.h), not
    // libtorch's own count — which is 1 on some 2-core VMs, halving every suggestion's speed.
    void loadWithoutAThreadCountUsesEveryCore() {
        QTemporaryDir dir;
        testing::write_tiny_model_dir(dir.path().toStdString(), 3);
        at::set_num_threads(1);
        auto model = lm::TransformerLanguageModel::load(dir.path().toStdString(), lm::LoadOptions{});
        QCOMPARE(at::get_num_threads(), ew::default_cpu_threads());
        lm::LoadOptions two;
        two.threads = 2;
        model = lm::TransformerLanguageModel::load(dir.path().toStdString(), two);
        QCOMPARE(at::get_num_threads(), 2);
    }

    // Loading leaves no OpenMP team on the caller's thread: a leftover team (its workers live as long
    // as that thread) puts the process over one OpenMP thread per CPU, and then libgomp's workers
    // sleep between parallel regions — decode of the 0.6B shape went from 32 to 58 ms per token.
    void loadingLeavesNoOpenMpTeamOnTheCallersThread() {
        if (ew::default_cpu_threads() < 2) QSKIP("one CPU: OpenMP makes no team to leave behind");
        QTemporaryDir dir;
        auto tok = testing::tiny_tokenizer();
        auto config = testing::tiny_config(tok.vocab_size());
        config.hidden_size = 512;  // matrices large enough that the load's checks and copies run in parallel
        config.intermediate_size = 2048;
        config.eos_token_id = config.bos_token_id = *tok.end_of_text_id();
        lm::TransformerLanguageModel::create_random(config, std::move(tok), 2, "wide")->save(dir.path().toStdString());
        const auto threads_now = [] {
            std::size_t n = 0;
            for ([[maybe_unused]] const auto& t : std::filesystem::directory_iterator("/proc/self/task")) ++n;
            return n;
        };
        // The loader's own team ends with its thread, a moment after the join.
        const auto settled_at = [&](std::size_t wanted) {
            for (int i = 0; i < 100 && threads_now() != wanted; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
            return threads_now();
        };
        std::size_t before = 0, after_load = 0, after_parallel_work = 0;
        bool finite = false;
        std::thread caller([&] {
            before = threads_now();
            auto model = lm::TransformerLanguageModel::load(dir.path().toStdString(), lm::LoadOptions{});
            after_load = settled_at(before);
            // The control: the same kind of work run here does leave a team behind.
            const auto big = torch::rand({2048, 1024});
            finite = big.isfinite().all().item<bool>();
            after_parallel_work = threads_now();
        });
        caller.join();
        QVERIFY(finite);
        QCOMPARE(after_load, before);
        QVERIFY2(after_parallel_work > before, "parallel work on a fresh thread should start an OpenMP team (the check would prove nothing)");
    }

    void weightsAreSharedSafelyAcrossThreads() {
        lm::ScoreRequest r{slice(0, 30), slice(30, 10)};
        auto expected = model_->score(std::span(&r, 1), 0).front();
        std::vector<std::vector<lm::ScoredToken>> results(4);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] { results[t] = model_->score(std::span(&r, 1), 0).front(); });
        for (auto& th : threads) th.join();
        for (const auto& res : results)
            for (std::size_t i = 0; i < expected.size(); ++i) QVERIFY(std::abs(res[i].logprob - expected[i].logprob) < 1e-5);
    }

    // Gemma 3's layer through the session paths (the parity test checks one full forward against
    // an independent reference): with a sliding window shorter than the text, decoding on the KV
    // cache must mask the same keys as one forward over everything, and batching must not leak.
    void gemmaSlidingWindowCacheEqualsRecompute() {
        auto config = testing::tiny_config(testing::tiny_tokenizer().vocab_size());
        config.model_type = "gemma3_text";
        config.architecture = "Gemma3ForCausalLM";
        config.hidden_activation = "gelu_pytorch_tanh";
        config.num_hidden_layers = 3;
        config.num_key_value_heads = 1;
        config.explicit_head_dim = 16;
        config.query_pre_attn_scalar = 12;
        config.sliding_window = 6;
        config.sliding_layers = {true, false, true};
        config.rope_local_base_freq = 10000.0;
        config.rope_theta = 1000000.0;
        auto gemma = lm::TransformerLanguageModel::create_random(config, testing::tiny_tokenizer(), 8, "tiny-gemma");
        lm::GenerationOptions o;
        o.max_new_tokens = 20;
        o.stop_at_end_of_text = false;
        const auto context = slice(10, 30);
        auto cached = gemma->new_session()->generate(context, o);
        o.use_kv_cache = false;
        auto recomputed = gemma->new_session()->generate(context, o);
        QCOMPARE(ids_of(cached), ids_of(recomputed));
        for (std::size_t i = 0; i < cached.tokens.size(); ++i)
            QVERIFY(std::abs(cached.tokens[i].logprob - recomputed.tokens[i].logprob) < 1e-4);
        lm::ScoreRequest r{context, ids_of(cached)};
        auto scored = gemma->score(std::span(&r, 1), 0).front();
        for (std::size_t i = 0; i < scored.size(); ++i) QVERIFY(std::abs(scored[i].logprob - cached.tokens[i].logprob) < 1e-4);
        std::vector<lm::ScoreRequest> batch{{slice(0, 5), slice(5, 9)}, {slice(20, 30), slice(50, 3)}};
        auto together = gemma->score(batch, 0);
        for (std::size_t b = 0; b < batch.size(); ++b) {
            auto alone = gemma->score(std::span(&batch[b], 1), 0).front();
            for (std::size_t i = 0; i < alone.size(); ++i) QVERIFY(std::abs(together[b][i].logprob - alone[i].logprob) < 1e-4);
        }
        // The window matters: without it the same weights score differently.
        auto unwindowed_config = config;
        unwindowed_config.sliding_window = 0;
        auto unwindowed = lm::TransformerLanguageModel::create_random(unwindowed_config, testing::tiny_tokenizer(), 8, "tiny-gemma-full");
        auto full = unwindowed->score(std::span(&r, 1), 0).front();
        double largest = 0;
        for (std::size_t i = 0; i < full.size(); ++i) largest = std::max(largest, double(std::abs(full[i].logprob - scored[i].logprob)));
        QVERIFY2(largest > 1e-3, "a 6-token window over 30 tokens of context must change the scores");
    }

    void outOfVocabularyIdsAreRejected() {
        lm::ScoreRequest r{{1, 2, 99999}, {3}};
        QVERIFY_THROWS_EXCEPTION(Error, model_->score(std::span(&r, 1), 0));
    }
};

QTEST_GUILESS_MAIN(TestTransformerLanguageModel)
#include "test_transformer_language_model.moc"
