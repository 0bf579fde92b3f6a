#include "text/normalizer.h"

#include "support/error.h"
#include "text/literal_replace.h"
#include "text/unicode_normalization.h"

#include <nlohmann/json.hpp>

namespace ew::text {

namespace {

void append_steps(const nlohmann::json& n, std::vector<Normalizer::Step>& steps, const std::string& origin) {
    const auto unsupported = [&] {
        throw Error(origin + ": unsupported normalizer: " + n.dump() +
                    " (supported: none, NFC, Replace of a literal string, and Sequences of them)");
    };
    if (n.is_null()) return;
    if (!n.is_object()) unsupported();
    const auto type = n.value("type", "");
    if (type == "NFC") {
        steps.push_back({Normalizer::Step::Kind::Nfc, {}, {}});
    } else if (type == "Replace") {
        const auto& pattern = n.at("pattern");
        if (!pattern.is_object() || !pattern.contains("String") || !pattern.at("String").is_string()) unsupported();
        auto from = pattern.at("String").get<std::string>();
        if (from.empty()) unsupported();
        steps.push_back({Normalizer::Step::Kind::Replace, std::move(from), n.at("content").get<std::string>()});
    } else if (type == "Sequence") {
        for (const auto& step : n.at("normalizers")) append_steps(step, steps, origin);
    } else {
        unsupported();
    }
}


}  // namespace

std::string replace_all(std::string_view text, const std::string& from, const std::string& to) {
    if (from.empty()) return std::string(text);
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    std::size_t pos = 0;
    for (auto at = text.find(from); at != std::string_view::npos; at = text.find(from, pos)) {
        out.append(text.substr(pos, at - pos));
        out += to;
        pos = at + from.size();
    }
    out.append(text.substr(pos));
    return out;
}

Normalizer Normalizer::from_json_text(const std::string& json_text, const std::string& origin) {
    Normalizer n;
    try {
        append_steps(nlohmann::json::parse(json_text), n.steps_, origin);
    } catch (const nlohmann::json::exception& e) {
        throw Error(origin + ": malformed normalizer (" + e.what() + ")");
    }
    n.json_text_ = json_text;
    return n;
}

std::string Normalizer::apply(std::string_view text) const {
    std::string out(text);
    for (const auto& step : steps_)
        out = step.kind == Step::Kind::Nfc ? nfc_normalize(out) : replace_all(out, step.from, step.to);
    return out;
}

std::string Normalizer::name() const {
    std::string out;
    for (const auto& step : steps_) {
        if (!out.empty()) out += "+";
        out += step.kind == Step::Kind::Nfc ? std::string("NFC") : "Replace(\"" + step.from + "\" → \"" + step.to + "\")";
    }
    return out;
}

}  // namespace ew::text
