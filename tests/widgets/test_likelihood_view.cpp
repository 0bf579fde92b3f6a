// The visualizer shows the editor's suggestion with the numbers the suggester computed — the cut
// of a Base-N suggestion is its N tokens, not where η would cut — and re-cuts locally only once η
// moves away from where that cut was made.
#include "likelihood_view.h"
#include "cumulative_nll_chart.h"
#include "empower/threshold_cut.h"
#include "support/tiny_model.h"
#include "token_chips_view.h"

#include <QtTest>

using namespace ew;
using namespace ew::widgets;

class TestLikelihoodView : public QObject {
    Q_OBJECT

private slots:
    void showsTheSuggestionsOwnCutUntilEtaMoves() {
        const text::BpeTokenizer tokenizer = testing::tiny_tokenizer();
        LikelihoodView view;
        view.setEta(2.0);
        empower::Suggestion s;
        for (double lp : {-0.5, -1.0, -2.0, -0.25, -3.0}) s.tokens.push_back({static_cast<lm::TokenId>(40 + s.tokens.size()), lp, {}});
        std::vector<double> lp;
        for (const auto& t : s.tokens) lp.push_back(t.logprob);
        s.cumulative_nll = empower::cumulative_nll(std::span<const double>(lp));
        s.cut = 4;  // Base-4: four tokens whatever their NLL (η = 2 would keep only two)
        QCOMPARE(empower::threshold_cut(std::span<const double>(lp), 2.0), std::size_t(2));

        view.setSuggestion(tokenizer, s);
        QCOMPARE(view.cut(), 4);
        QCOMPARE(view.chips()->cut(), 4);
        QCOMPARE(view.chips()->tokenCount(), 5);

        view.setEta(2.0);  // the same η: still the suggestion's cut
        QCOMPARE(view.cut(), 4);
        view.setEta(3.5);  // moved: where an Empower cut at 3.5 nats falls
        QCOMPARE(view.cut(), static_cast<int>(empower::threshold_cut(std::span<const double>(lp), 3.5)));
        QCOMPARE(view.chart()->etaLineLevel(), 3.5);

        // Plain scored tokens (the text after the caret) are always cut by η.
        view.setTokens(tokenizer, s.tokens);
        QCOMPARE(view.cut(), 3);

        // A suggestion that carries no numbers of its own (sizes disagree) is cut by η, not trusted.
        s.cumulative_nll.pop_back();
        view.setSuggestion(tokenizer, s);
        QCOMPARE(view.cut(), 3);
    }
};

QTEST_MAIN(TestLikelihoodView)
#include "test_likelihood_view.moc"
