// The Python code editor: QScintilla with the Python lexer, line numbers, 4-space indentation.
#pragma once
#include <Qsci/qsciscintilla.h>

namespace ew::widgets {

class CodeEditor : public QsciScintilla {
    Q_OBJECT
public:
    explicit CodeEditor(QWidget* parent = nullptr);

    bool loadFile(const QString& path, QString* error);
    bool saveFile(QString* error);
    const QString& filePath() const { return path_; }

private:
    void updateMarginWidth();
    QString path_;
};

}  // namespace ew::widgets
