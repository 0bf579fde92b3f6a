<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DecisionPointsAtEta</name>
    <message>
        <source>Decision point: “%1” −log p = %2 %3</source>
        <translation>Entscheidungspunkt: „%1“ −log p = %2 %3</translation>
    </message>
    <message>
        <source>, taking the running −log p to %1 &gt; η = %2</source>
        <translation>, wodurch das kumulative −log p auf %1 &gt; η = %2 steigt</translation>
    </message>
    <message>
        <source>, rank %1</source>
        <translation>, Rang %1</translation>
    </message>
    <message>
        <source>, not among the model&apos;s %1 likeliest</source>
        <translation>, nicht unter den %1 wahrscheinlichsten des Modells</translation>
    </message>
    <message>
        <source>“%1” %2</source>
        <translation>„%1“ %2</translation>
    </message>
    <message>
        <source>The model expected (−log p): %1</source>
        <translation>Das Modell erwartete (−log p): %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>No run %1</source>
        <translation>Lauf %1 existiert nicht</translation>
    </message>
    <message>
        <source>The run is not running</source>
        <translation>Der Lauf ist nicht aktiv</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nicht begonnen</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>session opened</source>
        <translation>Sitzung geöffnet</translation>
    </message>
    <message>
        <source>part %1 of %2 — %3</source>
        <translation>Teil %1 von %2 — %3</translation>
    </message>
    <message>
        <source>Assistant %1</source>
        <translation>Assistent %1</translation>
    </message>
    <message>
        <source>no assistant</source>
        <translation>kein Assistent</translation>
    </message>
    <message>
        <source> (ended)</source>
        <translation> (beendet)</translation>
    </message>
    <message>
        <source> (paused)</source>
        <translation> (pausiert)</translation>
    </message>
    <message>
        <source>this machine</source>
        <translation>dieser Rechner</translation>
    </message>
    <message>
        <source>Slurm (submitting)</source>
        <translation>Slurm (wird eingereicht)</translation>
    </message>
    <message>
        <source>Slurm job %1</source>
        <translation>Slurm-Job %1</translation>
    </message>
    <message>
        <source> (%1 min left)</source>
        <translation> (noch %1 Min.)</translation>
    </message>
</context>
<context>
    <name>ew::widgets::AboutDialog</name>
    <message>
        <source>About Empower Workbench</source>
        <translation>Über Empower Workbench</translation>
    </message>
    <message>
        <source>Empower Workbench %1
Qt %2 (built with %3)
libtorch %4%5
Model: %6</source>
        <translation>Empower Workbench %1
Qt %2 (erstellt mit %3)
libtorch %4%5
Modell: %6</translation>
    </message>
    <message>
        <source> with CUDA</source>
        <translation> mit CUDA</translation>
    </message>
    <message>
        <source> (CPU)</source>
        <translation> (nur CPU)</translation>
    </message>
    <message>
        <source>not loaded yet</source>
        <translation>noch nicht geladen</translation>
    </message>
    <message>
        <source>

A research workbench for empowerment-maximizing code assistants: the assistant completes the obvious and stops at decision points.</source>
        <translation>

Eine Forschungs-Workbench für Code-Assistenten, die Empowerment maximieren: Der Assistent vervollständigt das Offensichtliche und hält an Entscheidungspunkten an.</translation>
    </message>
</context>
<context>
    <name>ew::widgets::AdaptiveEtaController</name>
    <message>
        <source>The learned η of profile %1 could not be read (%2); learning starts again from η = %3</source>
        <translation>Das gelernte η von Profil %1 konnte nicht gelesen werden (%2); das Lernen beginnt erneut bei η = %3</translation>
    </message>
    <message>
        <source>The learned η could not be saved: %1</source>
        <translation>Das gelernte η konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>The learned η could not be reset: %1</source>
        <translation>Das gelernte η konnte nicht zurückgesetzt werden: %1</translation>
    </message>
</context>
<context>
    <name>ew::widgets::CodeEditor</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 kann nicht gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>ew::widgets::CumulativeNllChart</name>
    <message>
        <source>cumulative −log p</source>
        <translation>kumulatives −log p</translation>
    </message>
    <message>
        <source>η</source>
        <translation>η</translation>
    </message>
    <message>
        <source>cut</source>
        <translation>Schnittpunkt</translation>
    </message>
    <message>
        <source>suffix tokens</source>
        <translation>Suffix-Token</translation>
    </message>
</context>
<context>
    <name>ew::widgets::DatasetDialog</name>
    <message>
        <source>Build</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <source>Build a training dataset</source>
        <translation>Trainingsdatensatz erstellen</translation>
    </message>
    <message>
        <source>Folder of .py files, or JSONL with a &quot;text&quot; field</source>
        <translation>Ordner mit .py-Dateien oder JSONL mit einem Feld &quot;text&quot;</translation>
    </message>
    <message>
        <source>Empower-η (longest suffix with cumulative NLL ≤ η)</source>
        <translation>Empower-η (längstes Suffix mit kumulativer NLL ≤ η)</translation>
    </message>
    <message>
        <source>SFT-N (next N tokens)</source>
        <translation>SFT-N (nächste N Token)</translation>
    </message>
    <message>
        <source>SFT-RAND-a-b (uniform length in [a, b])</source>
        <translation>SFT-RAND-a-b (gleichverteilte Länge in [a, b])</translation>
    </message>
    <message>
        <source> nats</source>
        <translation> nats</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Corpus folder</source>
        <translation>Korpusordner</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Corpus:</source>
        <translation>Korpus:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Methode:</translation>
    </message>
    <message>
        <source>η:</source>
        <translation>η:</translation>
    </message>
    <message>
        <source>N:</source>
        <translation>N:</translation>
    </message>
    <message>
        <source>Length range:</source>
        <translation>Längenbereich:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>Ausgabe:</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>%1 examples (%2), mean completion %3 tokens, %4 samples/s → %5</source>
        <translation>%1 Beispiele (%2), mittlere Vervollständigung %3 Token, %4 Beispiele/s → %5</translation>
    </message>
    <message>
        <source>Building…</source>
        <translation>Wird erstellt…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Completion length (tokens)</source>
        <translation>Länge der Vervollständigung (Token)</translation>
    </message>
    <message>
        <source>examples</source>
        <translation>Beispiele</translation>
    </message>
</context>
<context>
    <name>ew::widgets::DecisionMapPanel</name>
    <message>
        <source>Turn on View → Decision Points to see where an Empower-η assistant would have stopped in this file.</source>
        <translation>Schalten Sie „Ansicht → Entscheidungspunkte“ ein, um zu sehen, wo ein Empower-η-Assistent in dieser Datei angehalten hätte.</translation>
    </message>
    <message>
        <source>Completable share by η</source>
        <translation>Vervollständigbarer Anteil nach η</translation>
    </message>
    <message>
        <source>η (nats)</source>
        <translation>η (nats)</translation>
    </message>
    <message>
        <source>The share of the file&apos;s characters outside decision tokens, at each η: how much an Empower-η assistant could have written here. The dot is the current η</source>
        <translation>Der Anteil der Zeichen der Datei außerhalb von Entscheidungstoken, bei jedem η: wie viel ein Empower-η-Assistent hier hätte schreiben können. Der Punkt ist das aktuelle η</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>−log p</source>
        <translation>−log p</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <source>The decision points in file order; activate one to go there (F8 / Shift+F8 in the editor)</source>
        <translation>Die Entscheidungspunkte in der Reihenfolge der Datei; aktivieren Sie einen, um dorthin zu springen (F8 / Shift+F8 im Editor)</translation>
    </message>
    <message numerus="yes">
        <source>%n decision point(s) at η = %1 %2: an Empower-η assistant could have completed %3 % of %4 characters</source>
        <translation>
            <numerusform>%n Entscheidungspunkt bei η = %1 %2: Ein Empower-η-Assistent hätte %3 % von %4 Zeichen vervollständigen können</numerusform>
            <numerusform>%n Entscheidungspunkte bei η = %1 %2: Ein Empower-η-Assistent hätte %3 % von %4 Zeichen vervollständigen können</numerusform>
        </translation>
    </message>
    <message>
        <source> (scored so far)</source>
        <translation> (bisher bewertet)</translation>
    </message>
</context>
<context>
    <name>ew::widgets::EpisodeViewer</name>
    <message>
        <source>◀ Previous step</source>
        <translation>◀ Vorheriger Schritt</translation>
    </message>
    <message>
        <source>Next step ▶</source>
        <translation>Nächster Schritt ▶</translation>
    </message>
    <message>
        <source>Episodes — %1</source>
        <translation>Episoden — %1</translation>
    </message>
    <message>
        <source>Episode:</source>
        <translation>Episode:</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>nicht bestanden</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>The log holds no episodes yet.</source>
        <translation>Das Protokoll enthält noch keine Episoden.</translation>
    </message>
    <message>
        <source>Round %1 · %2</source>
        <translation>Runde %1 · %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Round %1 of %2&lt;/b&gt;</source>
        <translation>&lt;b&gt;Runde %1 von %2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>no suggestion shown</source>
        <translation>kein Vorschlag angezeigt</translation>
    </message>
    <message>
        <source>suggestion of %1 tokens (read)</source>
        <translation>Vorschlag mit %1 Token (gelesen)</translation>
    </message>
    <message>
        <source>human: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Mensch: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>kept %1 characters, deleted %2</source>
        <translation>%1 Zeichen behalten, %2 gelöscht</translation>
    </message>
    <message>
        <source>then wrote %1 tokens: &lt;code&gt;%2&lt;/code&gt;</source>
        <translation>schrieb dann %1 Token: &lt;code&gt;%2&lt;/code&gt;</translation>
    </message>
    <message>
        <source>No suggestion at this step.</source>
        <translation>In diesem Schritt gibt es keinen Vorschlag.</translation>
    </message>
    <message>
        <source>Loading the likelihood model…</source>
        <translation>Likelihood-Modell wird geladen…</translation>
    </message>
    <message>
        <source>Assistant prompts: %1</source>
        <translation>Prompts des Assistenten: %1</translation>
    </message>
    <message>
        <source>Human prompts: %1</source>
        <translation>Prompts des simulierten Menschen: %1</translation>
    </message>
</context>
<context>
    <name>ew::widgets::EvaluationPanel</name>
    <message>
        <source>Launching the evaluation</source>
        <translation>Starten der Evaluation</translation>
    </message>
    <message>
        <source>Opening the run&apos;s output</source>
        <translation>Öffnen der Ausgabe des Laufs</translation>
    </message>
    <message>
        <source>Opening the episodes</source>
        <translation>Öffnen der Episoden</translation>
    </message>
    <message>
        <source>Reading the runs in %1</source>
        <translation>Lesen der Läufe in %1</translation>
    </message>
    <message>
        <source>Empower-η</source>
        <translation>Empower-η</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Base</translation>
    </message>
    <message>
        <source>Base-N</source>
        <translation>Base-N</translation>
    </message>
    <message>
        <source>N = </source>
        <translation>N = </translation>
    </message>
    <message>
        <source>Empower is run once per η (nats): several values give the η sweep</source>
        <translation>Empower wird einmal pro η (nats) ausgeführt: Mehrere Werte ergeben den η-Sweep</translation>
    </message>
    <message>
        <source>Replay (follows the reference)</source>
        <translation>Wiedergabe (folgt der Referenzlösung)</translation>
    </message>
    <message>
        <source>Noisy replay (accepts partly wrong, deletes)</source>
        <translation>Verrauschte Wiedergabe (nimmt teils falsche Vorschläge an, löscht)</translation>
    </message>
    <message>
        <source>LLM human (an instruct model, App. D.3 prompts)</source>
        <translation>LLM-Mensch (ein Instruct-Modell, Prompts aus Anh. D.3)</translation>
    </message>
    <message>
        <source>instruct model directory (Llama-3 / Qwen chat model)</source>
        <translation>Verzeichnis des Instruct-Modells (Llama-3-/Qwen-Chatmodell)</translation>
    </message>
    <message>
        <source>Prompt the assistant as an instruct model (App. D.1–D.2)</source>
        <translation>Assistenten als Instruct-Modell prompten (Anh. D.1–D.2)</translation>
    </message>
    <message>
        <source>Problem set:</source>
        <translation>Aufgabensammlung:</translation>
    </message>
    <message>
        <source>Assistant model:</source>
        <translation>Assistenzmodell:</translation>
    </message>
    <message>
        <source>Policies:</source>
        <translation>Strategien:</translation>
    </message>
    <message>
        <source>η values:</source>
        <translation>η-Werte:</translation>
    </message>
    <message>
        <source>Simulated human:</source>
        <translation>Simulierter Mensch:</translation>
    </message>
    <message>
        <source>Human model:</source>
        <translation>Modell des Menschen:</translation>
    </message>
    <message>
        <source>K_H (tokens per turn):</source>
        <translation>K_H (Token pro Runde):</translation>
    </message>
    <message>
        <source>Round cap:</source>
        <translation>Max. Runden:</translation>
    </message>
    <message>
        <source>Run evaluation</source>
        <translation>Evaluation starten</translation>
    </message>
    <message>
        <source>Evaluate assistants</source>
        <translation>Assistenten evaluieren</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>η</source>
        <translation>η</translation>
    </message>
    <message>
        <source>Pass@1</source>
        <translation>Pass@1</translation>
    </message>
    <message>
        <source>Accept ratio</source>
        <translation>Annahmequote</translation>
    </message>
    <message>
        <source>DPR</source>
        <translation>DPR</translation>
    </message>
    <message>
        <source>Tokens read</source>
        <translation>Gelesene Token</translation>
    </message>
    <message>
        <source>Tokens written</source>
        <translation>Geschriebene Token</translation>
    </message>
    <message>
        <source>View episodes…</source>
        <translation>Episoden ansehen…</translation>
    </message>
    <message>
        <source>Replay the selected run&apos;s episodes step by step in the editor, with the likelihood visualizer</source>
        <translation>Episoden des ausgewählten Laufs Schritt für Schritt im Editor wiedergeben, mit der Likelihood-Visualisierung</translation>
    </message>
    <message>
        <source>Select an evaluation run first.</source>
        <translation>Wählen Sie zuerst einen Evaluationslauf aus.</translation>
    </message>
    <message>
        <source>Run %1 has no episode log yet (%2).</source>
        <translation>Lauf %1 hat noch kein Episodenprotokoll (%2).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid η</source>
        <translation>„%1“ ist kein gültiges η</translation>
    </message>
    <message>
        <source>The LLM human needs an instruct model directory.</source>
        <translation>Der LLM-Mensch benötigt ein Verzeichnis mit einem Instruct-Modell.</translation>
    </message>
    <message>
        <source>Pass@1, accept ratio and DPR (±1 s.e.)</source>
        <translation>Pass@1, Annahmequote und DPR (±1 Standardfehler)</translation>
    </message>
    <message>
        <source>η sweep (Empower)</source>
        <translation>η-Sweep (Empower)</translation>
    </message>
    <message>
        <source>accept</source>
        <translation>Annahmequote</translation>
    </message>
    <message>
        <source>length (chars)</source>
        <translation>Länge (Zeichen)</translation>
    </message>
    <message>
        <source>η (nats)</source>
        <translation>η (nats)</translation>
    </message>
    <message>
        <source>chars</source>
        <translation>Zeichen</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ausführungsort</translation>
    </message>
    <message>
        <source>Output…</source>
        <translation>Ausgabe…</translation>
    </message>
    <message>
        <source>Follow the selected run&apos;s log and progress files as they are written (local or Slurm)</source>
        <translation>Protokoll- und Fortschrittsdateien des gewählten Laufs live verfolgen (lokal oder Slurm)</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ExperimentFormDialog</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Replay (types the reference, keeps what matches it)</source>
        <translation>Wiedergabe (tippt die Referenzlösung, behält, was mit ihr übereinstimmt)</translation>
    </message>
    <message>
        <source>New experiment</source>
        <translation>Neues Experiment</translation>
    </message>
    <message>
        <source>the bundled model</source>
        <translation>das mitgelieferte Modell</translation>
    </message>
    <message>
        <source>The base model: the datasets&apos; likelihood model and what every assistant is fine-tuned from</source>
        <translation>Das Basismodell: das Likelihood-Modell der Datensätze und der Ausgangspunkt für das Fine-Tuning jedes Assistenten</translation>
    </message>
    <message>
        <source>A folder of .py files or a JSONL file, as for empower dataset --corpus. Keep it apart from the evaluation problems</source>
        <translation>Ein Ordner mit .py-Dateien oder eine JSONL-Datei, wie bei empower dataset --corpus. Halten Sie ihn von den Evaluationsaufgaben getrennt</translation>
    </message>
    <message>
        <source>One dataset per seed and method (comma-separated)</source>
        <translation>Ein Datensatz pro Seed und Methode (durch Kommas getrennt)</translation>
    </message>
    <message>
        <source>Empower: one dataset per η in nats (comma-separated); empty: no Empower arm</source>
        <translation>Empower: ein Datensatz pro η in nats (durch Kommas getrennt); leer: kein Empower-Arm</translation>
    </message>
    <message>
        <source>SFT-N: the first N tokens of each completion, one arm per N; empty: none</source>
        <translation>SFT-N: die ersten N Token jeder Vervollständigung, ein Arm pro N; leer: keiner</translation>
    </message>
    <message>
        <source>SFT-RAND-A-B: a random length between A and B tokens, one arm per range (e.g. 1-30); empty: none</source>
        <translation>SFT-RAND-A-B: eine zufällige Länge zwischen A und B Token, ein Arm pro Bereich (z. B. 1-30); leer: keiner</translation>
    </message>
    <message>
        <source>Policies evaluated on the base model itself: base, base-N, empower</source>
        <translation>Strategien, die direkt auf dem Basismodell evaluiert werden: base, base-N, empower</translation>
    </message>
    <message>
        <source>Assistants fine-tuned per dataset, with fine-tuning seeds 0, 1, …</source>
        <translation>Anzahl der Assistenten pro Datensatz, per Fine-Tuning mit den Seeds 0, 1, … trainiert</translation>
    </message>
    <message>
        <source>Problem-set folders (comma-separated), each holding problem folders</source>
        <translation>Ordner von Aufgabensammlungen (durch Kommas getrennt), jeder mit Aufgabenordnern darin</translation>
    </message>
    <message>
        <source>Seeded noisy-replay humans: overlook some correct suggestions, type uneven bursts; one per seed, pooled in one table row. Empty: none</source>
        <translation>Simulierte Menschen mit verrauschter Wiedergabe und Seed: übersehen manche richtigen Vorschläge, tippen in ungleichmäßigen Schüben; einer pro Seed, gepoolt in einer Tabellenzeile. Leer: keiner</translation>
    </message>
    <message>
        <source>libtorch&apos;s choice</source>
        <translation>Wahl von libtorch</translation>
    </message>
    <message>
        <source>Where the spec file is written; its stages go next to it in &lt;name&gt;.stages</source>
        <translation>Wohin die Spezifikationsdatei geschrieben wird; ihre Stufen kommen daneben in &lt;name&gt;.stages</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Spec file:</source>
        <translation>Spezifikationsdatei:</translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation>Basismodell:</translation>
    </message>
    <message>
        <source>Training corpus:</source>
        <translation>Trainingskorpus:</translation>
    </message>
    <message>
        <source>Dataset seeds:</source>
        <translation>Datensatz-Seeds:</translation>
    </message>
    <message>
        <source>Trained arms</source>
        <translation>Trainierte Arme</translation>
    </message>
    <message>
        <source>Empower η:</source>
        <translation>Empower η:</translation>
    </message>
    <message>
        <source>SFT-N, N:</source>
        <translation>SFT-N, N:</translation>
    </message>
    <message>
        <source>SFT-RAND ranges:</source>
        <translation>SFT-RAND-Bereiche:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Batchgröße:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>Sequenzlänge:</translation>
    </message>
    <message>
        <source>Repeats:</source>
        <translation>Wiederholungen:</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>Untrained arms:</source>
        <translation>Untrainierte Arme:</translation>
    </message>
    <message>
        <source>Problem sets:</source>
        <translation>Aufgabensammlungen:</translation>
    </message>
    <message>
        <source>Humans:</source>
        <translation>Simulierte Menschen:</translation>
    </message>
    <message>
        <source>Noisy replay seeds:</source>
        <translation>Seeds für verrauschte Wiedergabe:</translation>
    </message>
    <message>
        <source>Rounds per episode:</source>
        <translation>Runden pro Episode:</translation>
    </message>
    <message>
        <source>Threads per stage:</source>
        <translation>Threads pro Stufe:</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>Create and run</source>
        <translation>Anlegen und ausführen</translation>
    </message>
    <message>
        <source>Command and spec:</source>
        <translation>Befehl und Spezifikation:</translation>
    </message>
    <message>
        <source>Name: give the experiment a name</source>
        <translation>Name: Geben Sie dem Experiment einen Namen</translation>
    </message>
    <message>
        <source>Empower η</source>
        <translation>Empower η</translation>
    </message>
    <message>
        <source>SFT-N</source>
        <translation>SFT-N</translation>
    </message>
    <message>
        <source>Noisy replay seeds</source>
        <translation>Seeds für verrauschte Wiedergabe</translation>
    </message>
    <message>
        <source>Humans: choose the replay human, noisy-replay seeds or both</source>
        <translation>Simulierte Menschen: Wählen Sie die Wiedergabe, Seeds für verrauschte Wiedergabe oder beides</translation>
    </message>
    <message>
        <source>Dataset seeds</source>
        <translation>Datensatz-Seeds</translation>
    </message>
    <message>
        <source>the form</source>
        <translation>das Formular</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ExperimentsPanel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Fine-tune loss</source>
        <translation>Fine-Tuning-Verlust</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>Neu…</translation>
    </message>
    <message>
        <source>Describe a grid of methods, arms and humans; it is saved as a spec file</source>
        <translation>Ein Raster aus Methoden, Armen und simulierten Menschen beschreiben; es wird als Spezifikationsdatei gespeichert</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <source>Add an experiment spec file (JSON), e.g. projects/experiments/paper-mini.json</source>
        <translation>Eine Experimentspezifikation (JSON) hinzufügen, z. B. projects/experiments/paper-mini.json</translation>
    </message>
    <message>
        <source>The workspace&apos;s experiments: those run from here or with empower experiment run --workspace</source>
        <translation>Die Experimente des Arbeitsbereichs: die hier oder mit empower experiment run --workspace ausgeführten</translation>
    </message>
    <message>
        <source>Run every stage that is not done, one at a time, in the background; finished stages are reused</source>
        <translation>Jede noch nicht fertige Stufe nacheinander im Hintergrund ausführen; abgeschlossene Stufen werden wiederverwendet</translation>
    </message>
    <message>
        <source>Stop after the running stage checkpoints; Run continues from there</source>
        <translation>Anhalten, sobald die laufende Stufe einen Checkpoint geschrieben hat; „Ausführen“ macht dort weiter</translation>
    </message>
    <message>
        <source>Write the results as CSV or a LaTeX tabular, or Figure 2 as SVG or PNG</source>
        <translation>Die Ergebnisse als CSV oder LaTeX-Tabelle (tabular) schreiben oder Abbildung 2 als SVG oder PNG</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Verbleibend</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>Arm</translation>
    </message>
    <message>
        <source>Human</source>
        <translation>Mensch</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Episodes</source>
        <translation>Episoden</translation>
    </message>
    <message>
        <source>Pass@1</source>
        <translation>Pass@1</translation>
    </message>
    <message>
        <source>Accept ratio</source>
        <translation>Annahmequote</translation>
    </message>
    <message>
        <source>DPR</source>
        <translation>DPR</translation>
    </message>
    <message>
        <source>Tokens read</source>
        <translation>Gelesene Token</translation>
    </message>
    <message>
        <source>Tokens written</source>
        <translation>Geschriebene Token</translation>
    </message>
    <message>
        <source>Suggestion length</source>
        <translation>Vorschlagslänge</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Stufen</translation>
    </message>
    <message>
        <source>Figure 2 for this simulated human</source>
        <translation>Abbildung 2 für diesen simulierten Menschen</translation>
    </message>
    <message>
        <source>Figure 2 for:</source>
        <translation>Abbildung 2 für:</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>Trainingskurven</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Open experiment spec</source>
        <translation>Experimentspezifikation öffnen</translation>
    </message>
    <message>
        <source>Experiment spec (*.json)</source>
        <translation>Experimentspezifikation (*.json)</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>Ergebnisse exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv);;LaTeX tabular (*.tex);;Figure 2, SVG (*.svg);;Figure 2, PNG (*.png)</source>
        <translation>CSV-Dateien (*.csv);;LaTeX-Tabelle (*.tex);;Abbildung 2, SVG (*.svg);;Abbildung 2, PNG (*.png)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>Planning the experiment</source>
        <translation>Planen des Experiments</translation>
    </message>
    <message>
        <source>The stages could not be planned.</source>
        <translation>Die Stufen konnten nicht geplant werden.</translation>
    </message>
    <message>
        <source>Reading the workspace</source>
        <translation>Lesen des Arbeitsbereichs</translation>
    </message>
    <message>
        <source>Spec: %1
Stages: %2</source>
        <translation>Spezifikation: %1
Stufen: %2</translation>
    </message>
    <message>
        <source>Opening the experiment</source>
        <translation>Öffnen des Experiments</translation>
    </message>
    <message>
        <source>Creating the experiment</source>
        <translation>Anlegen des Experiments</translation>
    </message>
    <message>
        <source>No experiment yet: New… describes one, Open… adds a spec file.</source>
        <translation>Noch kein Experiment: „Neu…“ beschreibt eines, „Öffnen…“ fügt eine Spezifikationsdatei hinzu.</translation>
    </message>
    <message>
        <source>Planning: reading the corpus, the model and the problems to key the stages…</source>
        <translation>Planung: Korpus, Modell und Aufgaben werden gelesen, um die Schlüssel der Stufen zu berechnen…</translation>
    </message>
    <message>
        <source>Reading the experiment&apos;s stages</source>
        <translation>Lesen der Stufen des Experiments</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>%1 von %2 fertig</translation>
    </message>
    <message>
        <source>%1 of %2 stages done</source>
        <translation>%1 von %2 Stufen fertig</translation>
    </message>
    <message>
        <source> · %1 failed</source>
        <translation> · %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source> · running (process %1)</source>
        <translation> · läuft (Prozess %1)</translation>
    </message>
    <message>
        <source> · not running</source>
        <translation> · läuft nicht</translation>
    </message>
    <message>
        <source> · at least %1 left (stages of a kind none of which has finished are not counted)</source>
        <translation> · noch mindestens %1 (Stufen einer Art, von der noch keine abgeschlossen ist, sind nicht mitgezählt)</translation>
    </message>
    <message>
        <source> · about %1 left</source>
        <translation> · noch etwa %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Pass@1, accept ratio and DPR (±1 s.e.) — %1</source>
        <translation>Pass@1, Annahmequote und DPR (±1 Standardfehler) — %1</translation>
    </message>
    <message>
        <source>Running the experiment</source>
        <translation>Ausführen des Experiments</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>select an experiment and wait until its stages are planned</source>
        <translation>wählen Sie ein Experiment aus und warten Sie, bis seine Stufen geplant sind</translation>
    </message>
    <message>
        <source>it is running already (process %1)</source>
        <translation>es läuft bereits (Prozess %1)</translation>
    </message>
    <message>
        <source>the spec file %1 is gone</source>
        <translation>die Spezifikationsdatei %1 existiert nicht mehr</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Gestartet: %1</translation>
    </message>
    <message>
        <source>Stopping the experiment</source>
        <translation>Stoppen des Experiments</translation>
    </message>
    <message>
        <source>no run of this experiment is going on</source>
        <translation>es ist kein Lauf dieses Experiments aktiv</translation>
    </message>
    <message>
        <source>Asked process %1 to stop; its stage checkpoints, and Resume continues</source>
        <translation>Prozess %1 wurde zum Anhalten aufgefordert; seine Stufe schreibt einen Checkpoint, und „Fortsetzen“ macht dort weiter</translation>
    </message>
    <message>
        <source>Exporting the results</source>
        <translation>Exportieren der Ergebnisse</translation>
    </message>
    <message>
        <source>no evaluation has finished yet</source>
        <translation>noch keine Evaluation ist abgeschlossen</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1: the file name must end in .csv, .tex, .svg or .png</source>
        <translation>%1: Der Dateiname muss auf .csv, .tex, .svg oder .png enden</translation>
    </message>
    <message>
        <source>Opening the episodes</source>
        <translation>Öffnen der Episoden</translation>
    </message>
    <message>
        <source>%1 has no episode log yet</source>
        <translation>%1 hat noch kein Episodenprotokoll</translation>
    </message>
    <message>
        <source>Episodes of %1</source>
        <translation>Episoden von %1</translation>
    </message>
    <message>
        <source>at once: </source>
        <translation>gleichzeitig: </translation>
    </message>
    <message>
        <source>on Slurm</source>
        <translation>auf Slurm</translation>
    </message>
    <message>
        <source>Submit every stage as a Slurm job chained to its parents&apos; jobs (afterok) instead of running here</source>
        <translation>Jede Stufe als Slurm-Job einreichen, verkettet mit den Jobs ihrer Vorgängerstufen (afterok), statt sie hier auszuführen</translation>
    </message>
    <message>
        <source>--partition P --gpus 1 --time 04:00:00</source>
        <translation>--partition P --gpus 1 --time 04:00:00</translation>
    </message>
    <message>
        <source>What each stage&apos;s job asks for: --partition, --gpus, --cpus, --time, --mem, --directive</source>
        <translation>Was der Job jeder Stufe anfordert: --partition, --gpus, --cpus, --time, --mem, --directive</translation>
    </message>
    <message>
        <source>Double-click an evaluation to replay its episodes; right-click a stage to stop or resume it by itself</source>
        <translation>Doppelklicken Sie auf eine Evaluation, um ihre Episoden wiederzugeben; klicken Sie mit der rechten Maustaste auf eine Stufe, um sie einzeln zu stoppen oder fortzusetzen</translation>
    </message>
    <message>
        <source>Asking Slurm</source>
        <translation>Abfragen von Slurm</translation>
    </message>
    <message>
        <source>Slurm resources: %1 is not one of %2</source>
        <translation>Slurm-Ressourcen: %1 ist keine der Optionen %2</translation>
    </message>
    <message>
        <source>Slurm resources: %1 needs a value</source>
        <translation>Slurm-Ressourcen: %1 benötigt einen Wert</translation>
    </message>
    <message>
        <source>held</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>in Warteschlange</translation>
    </message>
    <message>
        <source> · %1 held</source>
        <translation> · %1 angehalten</translation>
    </message>
    <message>
        <source> · %1 queued</source>
        <translation> · %1 in Warteschlange</translation>
    </message>
    <message>
        <source> · on Slurm: %1 running</source>
        <translation> · auf Slurm: %1 laufend</translation>
    </message>
    <message>
        <source>Stopping the stage</source>
        <translation>Stoppen der Stufe</translation>
    </message>
    <message>
        <source>the stage is done: nothing to stop</source>
        <translation>die Stufe ist fertig: es gibt nichts zu stoppen</translation>
    </message>
    <message>
        <source>Held %1: the run stops it (it checkpoints) and starts nothing that needs it; the other stages go on</source>
        <translation>Stufe %1 angehalten: Der Lauf stoppt sie (sie schreibt einen Checkpoint) und startet nichts, was sie voraussetzt; die anderen Stufen laufen weiter</translation>
    </message>
    <message>
        <source>Resuming the stage</source>
        <translation>Fortsetzen der Stufe</translation>
    </message>
    <message>
        <source>Released %1: the run going on (process %2) starts it once its needs are done</source>
        <translation>Stufe %1 freigegeben: Der aktive Lauf (Prozess %2) startet sie, sobald ihre Voraussetzungen fertig sind</translation>
    </message>
    <message>
        <source>Stop this stage</source>
        <translation>Diese Stufe stoppen</translation>
    </message>
    <message>
        <source>Resume this stage</source>
        <translation>Diese Stufe fortsetzen</translation>
    </message>
    <message>
        <source>Open episodes</source>
        <translation>Episoden öffnen</translation>
    </message>
    <message>
        <source>Cancelling the experiment&apos;s Slurm jobs; Run submits what is not done again</source>
        <translation>Die Slurm-Jobs des Experiments werden abgebrochen; „Ausführen“ reicht alles noch nicht Fertige erneut ein</translation>
    </message>
    <message>
        <source>Stages run side by side, each as soon as its needs are done. 1 suits a small machine: each stage already uses the threads it is given. With CUDA devices, each running stage gets one of its own, so at most that many run at once</source>
        <translation>Stufen laufen nebeneinander, jede sobald ihre Voraussetzungen fertig sind. 1 passt zu einem kleinen Rechner: jede Stufe nutzt bereits die Threads, die sie bekommt. Mit CUDA-Geräten bekommt jede laufende Stufe ein eigenes, also laufen höchstens so viele gleichzeitig</translation>
    </message>
</context>
<context>
    <name>ew::widgets::JobTargetBox</name>
    <message>
        <source>Run on</source>
        <translation>Ausführen auf</translation>
    </message>
    <message>
        <source>This machine</source>
        <translation>Dieser Rechner</translation>
    </message>
    <message>
        <source>Slurm cluster</source>
        <translation>Slurm-Cluster</translation>
    </message>
    <message>
        <source>cluster default</source>
        <translation>Standard des Clusters</translation>
    </message>
    <message>
        <source>GPUs on one node (--gres=gpu:N)</source>
        <translation>GPUs auf einem Knoten (--gres=gpu:N)</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>e.g. 12:00:00 or 1-00:00:00</source>
        <translation>z. B. 12:00:00 oder 1-00:00:00</translation>
    </message>
    <message>
        <source>e.g. 64G</source>
        <translation>z. B. 64G</translation>
    </message>
    <message>
        <source>One sbatch option per line, e.g. --account=lab</source>
        <translation>Eine sbatch-Option pro Zeile, z. B. --account=lab</translation>
    </message>
    <message>
        <source>Partition:</source>
        <translation>Partition:</translation>
    </message>
    <message>
        <source>GPUs:</source>
        <translation>GPUs:</translation>
    </message>
    <message>
        <source>CPUs per task:</source>
        <translation>CPUs pro Task:</translation>
    </message>
    <message>
        <source>Time limit:</source>
        <translation>Zeitlimit:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>Arbeitsspeicher:</translation>
    </message>
    <message>
        <source>Extra directives:</source>
        <translation>Zusätzliche Direktiven:</translation>
    </message>
    <message>
        <source>Asking Slurm…</source>
        <translation>Slurm wird abgefragt…</translation>
    </message>
    <message>
        <source>Slurm answers: jobs will be submitted with sbatch.</source>
        <translation>Slurm antwortet: Jobs werden mit sbatch eingereicht.</translation>
    </message>
    <message>
        <source>Slurm does not answer here (%1). Run the workbench on a submit host, or set SLURM_CONF.</source>
        <translation>Slurm antwortet hier nicht (%1). Starten Sie die Workbench auf einem Submit-Host oder setzen Sie SLURM_CONF.</translation>
    </message>
</context>
<context>
    <name>ew::widgets::KeepCurveChart</name>
    <message>
        <source>cumulative −log p (nats)</source>
        <translation>kumulatives −log p (nats)</translation>
    </message>
    <message>
        <source>p(keep)</source>
        <translation>p(keep)</translation>
    </message>
    <message>
        <source>How likely you are to keep the next suggested token, by how surprising the suggestion is so far (learned from what you kept). The dot is the η suggestions are cut at now</source>
        <translation>Wie wahrscheinlich Sie das nächste vorgeschlagene Token behalten, je nachdem, wie überraschend der Vorschlag bis dahin ist (gelernt aus dem, was Sie behalten haben). Der Punkt ist das η, bei dem Vorschläge jetzt abgeschnitten werden</translation>
    </message>
</context>
<context>
    <name>ew::widgets::LikelihoodView</name>
    <message>
        <source>Current suggestion</source>
        <translation>Aktueller Vorschlag</translation>
    </message>
    <message>
        <source>Text after the caret</source>
        <translation>Text nach dem Cursor</translation>
    </message>
    <message>
        <source>Score the assistant&apos;s suggestion, or the real text after the caret as Algorithm 1 scores a human&apos;s code</source>
        <translation>Den Vorschlag des Assistenten bewerten oder den tatsächlichen Text nach dem Cursor, so wie Algorithmus 1 den Code eines Menschen bewertet</translation>
    </message>
    <message>
        <source>η</source>
        <translation>η</translation>
    </message>
    <message>
        <source>Threshold on the cumulative negative log-likelihood (Eq. 2)</source>
        <translation>Schwelle für die kumulative negative Log-Likelihood (Gl. 2)</translation>
    </message>
    <message>
        <source>Suffix:</source>
        <translation>Suffix:</translation>
    </message>
    <message>
        <source>Type in the editor: suggestions and their token likelihoods appear here.</source>
        <translation>Tippen Sie im Editor: Vorschläge und die Likelihoods ihrer Token erscheinen hier.</translation>
    </message>
    <message>
        <source>%1 of %2 tokens kept at η = %3 %4 (kept −log p = %5)</source>
        <translation>%1 von %2 Token bei η = %3 %4 behalten (behaltenes −log p = %5)</translation>
    </message>
    <message>
        <source>Prompt: %1</source>
        <translation>Prompt: %1</translation>
    </message>
</context>
<context>
    <name>ew::widgets::MainWindow</name>
    <message>
        <source>Empower Workbench</source>
        <translation>Empower Workbench</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Save %1 before closing?</source>
        <translation>%1 vor dem Schließen speichern?</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>Speichern fehlgeschlagen</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>Modell wird geladen…</translation>
    </message>
    <message>
        <source>Latency of the last suggestion: debounce fired → ghost text shown</source>
        <translation>Latenz des letzten Vorschlags: Entprellung ausgelöst → Ghost-Text angezeigt</translation>
    </message>
    <message>
        <source>Model failed to load</source>
        <translation>Modell konnte nicht geladen werden</translation>
    </message>
    <message>
        <source>η = %1 %2</source>
        <translation>η = %1 %2</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>Vorschläge</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Token likelihood</source>
        <translation>Token-Likelihood</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>User study</source>
        <translation>Nutzerstudie</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>&amp;Projekt öffnen…</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Recent Projects</source>
        <translation>Zuletzt geöffnete Projekte</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Suggest</source>
        <translation>&amp;Vorschläge</translation>
    </message>
    <message>
        <source>Suggest Now</source>
        <translation>Jetzt vorschlagen</translation>
    </message>
    <message>
        <source>Accept suggestion</source>
        <translation>Vorschlag annehmen</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Accept next word</source>
        <translation>Nächstes Wort annehmen</translation>
    </message>
    <message>
        <source>Ctrl+Right</source>
        <translation>Ctrl+Right</translation>
    </message>
    <message>
        <source>Accept next line</source>
        <translation>Nächste Zeile annehmen</translation>
    </message>
    <message>
        <source>Ctrl+Down</source>
        <translation>Ctrl+Down</translation>
    </message>
    <message>
        <source>Reject suggestion</source>
        <translation>Vorschlag ablehnen</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Colour File by Likelihood</source>
        <translation>Datei nach Likelihood einfärben</translation>
    </message>
    <message>
        <source>Colour every token of the open file by −log p under the model</source>
        <translation>Jedes Token der geöffneten Datei nach seinem −log p unter dem Modell einfärben</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Empower Workbench</source>
        <translation>Ü&amp;ber Empower Workbench</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>Not a project (no project.json): %1</source>
        <translation>Kein Projekt (keine project.json): %1</translation>
    </message>
    <message>
        <source>%1/project.json is not valid JSON: %2</source>
        <translation>%1/project.json ist kein gültiges JSON: %2</translation>
    </message>
    <message>
        <source>%1 — Empower Workbench</source>
        <translation>%1 — Empower Workbench</translation>
    </message>
    <message>
        <source>last suggestion: %1 ms</source>
        <translation>letzter Vorschlag: %1 ms</translation>
    </message>
    <message>
        <source>No suggestion yet: type in the editor (or press Ctrl+Space).</source>
        <translation>Noch kein Vorschlag: Tippen Sie im Editor (oder drücken Sie Ctrl+Space).</translation>
    </message>
    <message>
        <source>No text after the caret.</source>
        <translation>Kein Text nach dem Cursor.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Save %1?</source>
        <translation>%1 speichern?</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Welcome Screen</source>
        <translation>&amp;Willkommensbildschirm</translation>
    </message>
    <message>
        <source>Colouring file: %p%</source>
        <translation>Datei wird eingefärbt: %p%</translation>
    </message>
    <message>
        <source>Scoring the whole file window by window; the colours appear as it goes</source>
        <translation>Die ganze Datei wird Fenster für Fenster bewertet; die Farben erscheinen nach und nach</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop colouring the file by likelihood</source>
        <translation>Einfärben der Datei nach Wahrscheinlichkeit anhalten</translation>
    </message>
    <message>
        <source>Experiments</source>
        <translation>Experimente</translation>
    </message>
    <message>
        <source>Decision points</source>
        <translation>Entscheidungspunkte</translation>
    </message>
    <message>
        <source>Decision Points</source>
        <translation>Entscheidungspunkte</translation>
    </message>
    <message>
        <source>Mark where an Empower-η assistant following the writer would have stopped: the tokens that take the running −log p above η</source>
        <translation>Markieren, wo ein Empower-η-Assistent, der der schreibenden Person folgt, angehalten hätte: die Token, die das kumulative −log p über η heben</translation>
    </message>
    <message>
        <source>Next Decision Point</source>
        <translation>Nächster Entscheidungspunkt</translation>
    </message>
    <message>
        <source>Previous Decision Point</source>
        <translation>Vorheriger Entscheidungspunkt</translation>
    </message>
    <message>
        <source>No decision point after the caret</source>
        <translation>Kein Entscheidungspunkt nach dem Cursor</translation>
    </message>
    <message>
        <source>No decision point before the caret</source>
        <translation>Kein Entscheidungspunkt vor dem Cursor</translation>
    </message>
    <message>
        <source>Waiting for the model and an open file.</source>
        <translation>Warten auf das Modell und eine geöffnete Datei.</translation>
    </message>
    <message>
        <source>Turn on View → Decision Points to see where an Empower-η assistant would have stopped in this file.</source>
        <translation>Schalten Sie „Ansicht → Entscheidungspunkte“ ein, um zu sehen, wo ein Empower-η-Assistent in dieser Datei angehalten hätte.</translation>
    </message>
</context>
<context>
    <name>ew::widgets::MetricChart</name>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ModelStatus</name>
    <message>
        <source>no model</source>
        <translation>kein Modell</translation>
    </message>
    <message>
        <source>%1 · %2M parameters · %3 · %4</source>
        <translation>%1 · %2 Mio. Parameter · %3 · %4</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ParticipantWindow</name>
    <message>
        <source>Study session — participant %1</source>
        <translation>Studiensitzung — Teilnehmende %1</translation>
    </message>
    <message>
        <source>No assistant</source>
        <translation>Kein Assistent</translation>
    </message>
    <message>
        <source>Assistant %1</source>
        <translation>Assistent %1</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Run tests</source>
        <translation>Tests ausführen</translation>
    </message>
    <message>
        <source>I am done with this part</source>
        <translation>Ich bin mit diesem Teil fertig</translation>
    </message>
    <message>
        <source>Paused by the conductor</source>
        <translation>Von der Versuchsleitung pausiert</translation>
    </message>
    <message>
        <source>Test results appear here.</source>
        <translation>Testergebnisse erscheinen hier.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Questionnaire — assign each rank to exactly one assistant.</source>
        <translation>Fragebogen — Weisen Sie jeden Rang genau einem Assistenten zu.</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— auswählen —</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>Absenden</translation>
    </message>
    <message>
        <source>Thank you! The session is complete. Please tell the conductor.</source>
        <translation>Vielen Dank! Die Sitzung ist abgeschlossen. Bitte geben Sie der Versuchsleitung Bescheid.</translation>
    </message>
    <message>
        <source>Ctrl+Alt+P</source>
        <translation>Ctrl+Alt+P</translation>
    </message>
    <message>
        <source>All tests passed.</source>
        <translation>Alle Tests bestanden.</translation>
    </message>
    <message>
        <source>Some tests failed.</source>
        <translation>Einige Tests sind fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The problem could not be loaded: %1</source>
        <translation>Die Aufgabe konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>with %1</source>
        <translation>mit %1</translation>
    </message>
    <message>
        <source>without an assistant</source>
        <translation>ohne Assistenten</translation>
    </message>
    <message>
        <source>Part %1 of %2 (%3) was interrupted.
%4 remain.</source>
        <translation>Teil %1 von %2 (%3) wurde unterbrochen.
Verbleibende Zeit: %4.</translation>
    </message>
    <message>
        <source>Part %1 of %2: solve the problem %3.
You have %4 minutes. Tab accepts a suggestion, Esc rejects it.</source>
        <translation>Teil %1 von %2: Lösen Sie die Aufgabe %3.
Sie haben %4 Minuten Zeit. Tab nimmt einen Vorschlag an, Esc lehnt ihn ab.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Part %1 of %2 — %3</source>
        <translation>Teil %1 von %2 — %3</translation>
    </message>
    <message>
        <source>Notes on %1: what did you like and dislike about it?</source>
        <translation>Notizen zu %1: Was hat Ihnen gefallen, was nicht?</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: give each assistant a different rank.</source>
        <translation>„%1“: Geben Sie jedem Assistenten einen anderen Rang.</translation>
    </message>
    <message>
        <source>Running the tests…</source>
        <translation>Tests werden ausgeführt…</translation>
    </message>
    <message>
        <source>Restoring the assistant</source>
        <translation>Assistent wird wiederhergestellt</translation>
    </message>
    <message>
        <source>What this part learned about η could not be read back (%1); it starts again from η = %2</source>
        <translation>Was dieser Teil über η gelernt hat, konnte nicht gelesen werden (%1); es beginnt wieder bei η = %2</translation>
    </message>
</context>
<context>
    <name>ew::widgets::PreferencesDialog</name>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Follow the desktop</source>
        <translation>Dem Desktop folgen</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>The new language is used from the next start of the workbench.</source>
        <translation>Die neue Sprache wird ab dem nächsten Start der Workbench verwendet.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Design:</translation>
    </message>
    <message>
        <source>bubblewrap (recommended)</source>
        <translation>bubblewrap (empfohlen)</translation>
    </message>
    <message>
        <source>unshare only (weaker: the program may see more of this computer)</source>
        <translation>nur unshare (schwächer: das Programm sieht womöglich mehr von diesem Rechner)</translation>
    </message>
    <message>
        <source>How generated and participants&apos; code is isolated when it is run against tests. Without bubblewrap, tests are refused unless the weaker isolation is chosen here.</source>
        <translation>Wie erzeugter Code und Code der teilnehmenden Personen beim Testen isoliert wird. Ohne bubblewrap werden Tests abgelehnt, außer hier ist die schwächere Isolation gewählt.</translation>
    </message>
    <message>
        <source>Sandbox:</source>
        <translation>Sandbox:</translation>
    </message>
    <message>
        <source>fp32 (4 bytes per weight)</source>
        <translation>fp32 (4 Byte pro Gewicht)</translation>
    </message>
    <message>
        <source>bf16 (half the memory; rounds fp32 checkpoints)</source>
        <translation>bf16 (halber Speicher; rundet fp32-Checkpoints)</translation>
    </message>
    <message>
        <source>How the CPU holds a model&apos;s weights; arithmetic is fp32 either way. Applies to the next model loaded.</source>
        <translation>Wie die CPU die Gewichte eines Modells hält; gerechnet wird in jedem Fall in fp32. Gilt für das nächste geladene Modell.</translation>
    </message>
    <message>
        <source>Model weights:</source>
        <translation>Modellgewichte:</translation>
    </message>
    <message>
        <source>Automatic (the fastest here that keeps results; see empower calibrate-weights)</source>
        <translation>Automatisch (das hier schnellste, das die Ergebnisse erhält; siehe empower calibrate-weights)</translation>
    </message>
    <message>
        <source>int8 (a quarter of the memory; scores move slightly, check with empower calibrate-weights)</source>
        <translation>int8 (ein Viertel des Speichers; Bewertungen verschieben sich leicht, prüfen mit empower calibrate-weights)</translation>
    </message>
</context>
<context>
    <name>ew::widgets::RunOutputDialog</name>
    <message>
        <source>Output of %1</source>
        <translation>Ausgabe von %1</translation>
    </message>
    <message>
        <source>Log and errors</source>
        <translation>Protokoll und Fehler</translation>
    </message>
    <message>
        <source>Progress (JSON lines)</source>
        <translation>Fortschritt (JSON-Zeilen)</translation>
    </message>
    <message>
        <source>(nothing yet: %1 does not exist)</source>
        <translation>(noch nichts: %1 existiert nicht)</translation>
    </message>
    <message>
        <source>(earlier output omitted)</source>
        <translation>(frühere Ausgabe ausgelassen)</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ServeAssistantBox</name>
    <message>
        <source>Serve to other editors</source>
        <translation>Für andere Editoren bereitstellen</translation>
    </message>
    <message>
        <source>Serve on port</source>
        <translation>Bereitstellen auf Port</translation>
    </message>
    <message>
        <source>0 picks a free port</source>
        <translation>0 wählt einen freien Port</translation>
    </message>
    <message>
        <source>Serve this assistant on loopback: tab_frontend (POST /), OpenAI (/v1/completions), llama.cpp (/infill)</source>
        <translation>Diesen Assistenten auf Loopback bereitstellen: tab_frontend (POST /), OpenAI (/v1/completions), llama.cpp (/infill)</translation>
    </message>
    <message>
        <source>No model is loaded yet.</source>
        <translation>Es ist noch kein Modell geladen.</translation>
    </message>
    <message>
        <source>Empower-auto learns from what you keep in this editor; a remote editor&apos;s user does not tell it. Choose Empower-η to serve.</source>
        <translation>Empower-auto lernt aus dem, was Sie in diesem Editor behalten; der Benutzer eines entfernten Editors teilt ihm das nicht mit. Wählen Sie Empower-η zum Bereitstellen.</translation>
    </message>
    <message>
        <source>Serving %1 at %2</source>
        <translation>%1 wird unter %2 bereitgestellt</translation>
    </message>
    <message>
        <source>Serving %1 at %2
tab_frontend: POST /   OpenAI: /v1/completions   llama.cpp: /infill</source>
        <translation>%1 wird unter %2 bereitgestellt
tab_frontend: POST /   OpenAI: /v1/completions   llama.cpp: /infill</translation>
    </message>
    <message>
        <source>Not serving.</source>
        <translation>Nicht bereitgestellt.</translation>
    </message>
    <message>
        <source>Stop serving</source>
        <translation>Bereitstellung beenden</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Editor › Accept suggestion</source>
        <translation>Editor › Vorschlag annehmen</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Editor › Accept next word</source>
        <translation>Editor › Nächstes Wort annehmen</translation>
    </message>
    <message>
        <source>Ctrl+Right</source>
        <translation>Ctrl+Right</translation>
    </message>
    <message>
        <source>Editor › Accept next line</source>
        <translation>Editor › Nächste Zeile annehmen</translation>
    </message>
    <message>
        <source>Ctrl+Down</source>
        <translation>Ctrl+Down</translation>
    </message>
    <message>
        <source>Editor › Reject suggestion</source>
        <translation>Editor › Vorschlag ablehnen</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Episode viewer › Previous / next step</source>
        <translation>Episodenansicht › Vorheriger / nächster Schritt</translation>
    </message>
    <message>
        <source>Alt+Left / Alt+Right</source>
        <translation>Alt+Left / Alt+Right</translation>
    </message>
    <message>
        <source>Study session › Conductor pause / resume</source>
        <translation>Studiensitzung › Pausieren / Fortsetzen (Versuchsleitung)</translation>
    </message>
    <message>
        <source>Ctrl+Alt+P</source>
        <translation>Ctrl+Alt+P</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
</context>
<context>
    <name>ew::widgets::StudyPanel</name>
    <message>
        <source>Pausing the session</source>
        <translation>Pausieren der Sitzung</translation>
    </message>
    <message>
        <source>Opening the session</source>
        <translation>Öffnen der Sitzung</translation>
    </message>
    <message>
        <source>Unblinding the study</source>
        <translation>Entblinden der Studie</translation>
    </message>
    <message>
        <source>Reading the studies in %1</source>
        <translation>Lesen der Studien in %1</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>Unblind…</source>
        <translation>Entblinden…</translation>
    </message>
    <message>
        <source>New study…</source>
        <translation>Neue Studie…</translation>
    </message>
    <message>
        <source>From design file…</source>
        <translation>Aus Designdatei…</translation>
    </message>
    <message>
        <source>A study design JSON (as `empower study create --design` takes): any arms, phases, questionnaire</source>
        <translation>Ein Studiendesign als JSON (wie es `empower study create --design` erwartet): beliebige Studienarme, Phasen, Fragebogen</translation>
    </message>
    <message>
        <source>Import tab_frontend logs…</source>
        <translation>tab_frontend-Protokolle importieren…</translation>
    </message>
    <message>
        <source>Study:</source>
        <translation>Studie:</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>Teilnehmende</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Enrol participant</source>
        <translation>Teilnehmende registrieren</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Pause / resume phase</source>
        <translation>Phase pausieren / fortsetzen</translation>
    </message>
    <message>
        <source>Pauses the open participant window&apos;s timer and editor (also Ctrl+Alt+P in that window)</source>
        <translation>Pausiert Timer und Editor des geöffneten Teilnahmefensters (auch mit Ctrl+Alt+P in diesem Fenster)</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>Teilnehmende</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>Angezeigt</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Accept %</source>
        <translation>Annahme %</translation>
    </message>
    <message>
        <source>Suggestions / participant</source>
        <translation>Vorschläge / Teilnehmende</translation>
    </message>
    <message>
        <source>Study design</source>
        <translation>Studiendesign</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>New study</source>
        <translation>Neue Studie</translation>
    </message>
    <message>
        <source>Enrolled %1</source>
        <translation>%1 registriert</translation>
    </message>
    <message>
        <source>Select a participant first.</source>
        <translation>Wählen Sie zuerst eine teilnehmende Person aus.</translation>
    </message>
    <message>
        <source>Loading the assistants&apos; models…</source>
        <translation>Modelle der Assistenten werden geladen…</translation>
    </message>
    <message>
        <source>Study session</source>
        <translation>Studiensitzung</translation>
    </message>
    <message>
        <source>No study selected.</source>
        <translation>Keine Studie ausgewählt.</translation>
    </message>
    <message>
        <source>No study yet: create one (the paper&apos;s protocol is the default) or import tab_frontend logs.</source>
        <translation>Noch keine Studie: Legen Sie eine an (standardmäßig mit dem Protokoll aus dem Paper) oder importieren Sie tab_frontend-Protokolle.</translation>
    </message>
    <message>
        <source>Assistant %1</source>
        <translation>Assistent %1</translation>
    </message>
    <message>
        <source>unassisted</source>
        <translation>ohne Assistenz</translation>
    </message>
    <message>
        <source>%1 problem(s); phases: %2; %3.</source>
        <translation>%1 Aufgabe(n); Phasen: %2; %3.</translation>
    </message>
    <message>
        <source>%1 assistants, &lt;b&gt;blinded&lt;/b&gt;</source>
        <translation>%1 Assistenten, &lt;b&gt;verblindet&lt;/b&gt;</translation>
    </message>
    <message>
        <source>unblinded: arms %1</source>
        <translation>entblindet: Studienarme %1</translation>
    </message>
    <message>
        <source>%1 ranked first by %2/%3 (p = %4 one-sided, %5 two-sided)</source>
        <translation>%1 von %2/%3 auf Platz 1 gesetzt (p = %4 einseitig, %5 zweiseitig)</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Ranked first (share, 95% CI)</source>
        <translation>Auf Platz 1 (Anteil, 95-%-KI)</translation>
    </message>
    <message>
        <source>accepted / shown</source>
        <translation>angenommen / angezeigt</translation>
    </message>
    <message>
        <source>Suggestions shown per participant</source>
        <translation>Angezeigte Vorschläge pro teilnehmender Person</translation>
    </message>
    <message>
        <source>suggestions</source>
        <translation>Vorschläge</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Arm A (Empower)</source>
        <translation>Studienarm A (Empower)</translation>
    </message>
    <message>
        <source>Arm A η (nats)</source>
        <translation>Studienarm A: η (nats)</translation>
    </message>
    <message>
        <source>Arm B (policy: base-N or empower)</source>
        <translation>Studienarm B (Strategie: base-N oder empower)</translation>
    </message>
    <message>
        <source>Unassisted minutes</source>
        <translation>Minuten ohne Assistenz</translation>
    </message>
    <message>
        <source>Minutes per assistant</source>
        <translation>Minuten pro Assistent</translation>
    </message>
    <message>
        <source>Counterbalancing seed</source>
        <translation>Seed für Ausbalancierung</translation>
    </message>
    <message>
        <source>Folder holding one folder per participant</source>
        <translation>Ordner mit je einem Unterordner pro teilnehmender Person</translation>
    </message>
    <message>
        <source>Rankings CSV (optional; cancel to skip)</source>
        <translation>Ranglisten-CSV (optional; zum Überspringen abbrechen)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Study name</source>
        <translation>Name der Studie</translation>
    </message>
    <message>
        <source>Imported %1 participant(s), %2 events (%3 lines skipped).</source>
        <translation>%1 Teilnehmende und %2 Ereignisse importiert (%3 Zeilen übersprungen).</translation>
    </message>
    <message>
        <source>Unblind study</source>
        <translation>Studie entblinden</translation>
    </message>
    <message>
        <source>Unblinding shows which arm each participant saw as Assistant 1 / 2, here and in exports. It cannot be undone.
Type the study&apos;s name to confirm:</source>
        <translation>Das Entblinden zeigt hier und in Exporten, welchen Studienarm jede teilnehmende Person als Assistent 1 / 2 gesehen hat. Dies kann nicht rückgängig gemacht werden.
Geben Sie zur Bestätigung den Namen der Studie ein:</translation>
    </message>
    <message>
        <source>The name did not match; the study stays blinded.</source>
        <translation>Der Name stimmt nicht überein; die Studie bleibt verblindet.</translation>
    </message>
    <message>
        <source>Export study to folder</source>
        <translation>Studie in Ordner exportieren</translation>
    </message>
    <message>
        <source>Exported: %1</source>
        <translation>Exportiert: %1</translation>
    </message>
    <message>
        <source>Shown chars / suggestion</source>
        <translation>Angezeigte Zeichen / Vorschlag</translation>
    </message>
    <message>
        <source>Chars / accept</source>
        <translation>Zeichen / Annahme</translation>
    </message>
    <message>
        <source>Deleted / accept</source>
        <translation>Gelöscht / Annahme</translation>
    </message>
    <message>
        <source>pooled (ratio of sums over all suggestions) / mean of participants</source>
        <translation>gepoolt (Verhältnis der Summen über alle Vorschläge) / Mittel der teilnehmenden Personen</translation>
    </message>
    <message>
        <source>Hypothesis: %1 — one-sided p in that direction for accept ratio and deletions per accept.</source>
        <translation>Hypothese: %1 — einseitiges p in dieser Richtung für Annahmequote und Löschungen pro Annahme.</translation>
    </message>
    <message>
        <source>No hypothesis stated: every p-value is two-sided.</source>
        <translation>Keine Hypothese angegeben: Alle p-Werte sind zweiseitig.</translation>
    </message>
    <message>
        <source>p = %1 (two-sided)</source>
        <translation>p = %1 (zweiseitig)</translation>
    </message>
    <message>
        <source>p = %1 (one-sided, %2), %3 (two-sided)</source>
        <translation>p = %1 (einseitig, %2), %3 (zweiseitig)</translation>
    </message>
    <message>
        <source>%1 vs %2 — unit: participant (paired)</source>
        <translation>%1 vs. %2 — Einheit: teilnehmende Person (gepaart)</translation>
    </message>
    <message>
        <source>  %1: n = %2, mean %3 vs %4</source>
        <translation>  %1: n = %2, Mittel %3 vs. %4</translation>
    </message>
    <message>
        <source>; paired t = %1, %2</source>
        <translation>; gepaartes t = %1, %2</translation>
    </message>
    <message>
        <source>; Wilcoxon %1</source>
        <translation>; Wilcoxon %1</translation>
    </message>
    <message>
        <source>; exact sign-flip %1</source>
        <translation>; exakter Vorzeichen-Permutationstest %1</translation>
    </message>
    <message>
        <source>; pooled difference %1 (95% CI %2 to %3, cluster bootstrap)</source>
        <translation>; gepoolte Differenz %1 (95-%-KI %2 bis %3, Cluster-Bootstrap)</translation>
    </message>
    <message>
        <source>  secondary, unit: suggestion (treats suggestions as independent): acceptance z = %1, %2</source>
        <translation>  sekundär, Einheit: Vorschlag (behandelt Vorschläge als unabhängig): Annahme z = %1, %2</translation>
    </message>
    <message>
        <source>; deletions per accept: Welch t = %1, df = %2, %3</source>
        <translation>; Löschungen pro Annahme: Welch-t = %1, df = %2, %3</translation>
    </message>
    <message>
        <source>Accept ratio — mean of participants (±1 s.e.)</source>
        <translation>Annahmequote — Mittel der teilnehmenden Personen (±1 SE)</translation>
    </message>
    <message>
        <source>Characters per accept — mean of participants (±1 s.e.)</source>
        <translation>Zeichen pro Annahme — Mittel der teilnehmenden Personen (±1 SE)</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>deleted later</source>
        <translation>später gelöscht</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Warnings: %1.</source>
        <translation>Warnungen: %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) or folder(s) not imported.</source>
        <translation>
            <numerusform>%n Datei oder Ordner nicht importiert.</numerusform>
            <numerusform>%n Dateien oder Ordner nicht importiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>not imported: %1</source>
        <translation>nicht importiert: %1</translation>
    </message>
    <message>
        <source>Hypothesis (better &gt; worse)</source>
        <translation>Hypothese (besser &gt; schlechter)</translation>
    </message>
    <message>
        <source>%1

Import it again in place of the earlier import? The participant keeps its code; its earlier sessions are deleted (ranking answers too if a rankings file is given).</source>
        <translation>%1

Den Ordner anstelle des früheren Imports erneut importieren? Die teilnehmende Person behält ihren Code; ihre früheren Sitzungen werden gelöscht (auch die Rangfolgen-Antworten, wenn eine Rangfolgen-Datei angegeben ist).</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier import(s) replaced.</source>
        <translation>
            <numerusform>%n früherer Import ersetzt.</numerusform>
            <numerusform>%n frühere Importe ersetzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>replaced: %1</source>
        <translation>ersetzt: %1</translation>
    </message>
    <message>
        <source>e.g. empower-4 &gt; base-20</source>
        <translation>z. B. empower-4 &gt; base-20</translation>
    </message>
    <message>
        <source>Optional, stated before any data: the arm expected to do better, then the other. Tests become one-sided in that direction; empty: every test is two-sided.</source>
        <translation>Optional, vor allen Daten festgelegt: zuerst der Arm, der besser abschneiden soll, dann der andere. Die Tests werden in dieser Richtung einseitig; leer: jeder Test ist zweiseitig.</translation>
    </message>
    <message numerus="yes">
        <source>%n scratchpad log(s) found (the editor&apos;s free-typing pad, no problem&apos;s code).

Count them toward the assistant whose folder holds them, as the paper&apos;s analysis script does? (No: list them as not imported.)</source>
        <translation>
            <numerusform>%n Scratchpad-Protokoll gefunden (der freie Notizbereich des Editors, ohne Aufgabencode).

Dem Assistenten zurechnen, in dessen Ordner es liegt, wie es das Analyseskript des Papers tut? (Nein: als nicht importiert auflisten.)</numerusform>
            <numerusform>%n Scratchpad-Protokolle gefunden (der freie Notizbereich des Editors, ohne Aufgabencode).

Dem Assistenten zurechnen, in dessen Ordner sie liegen, wie es das Analyseskript des Papers tut? (Nein: als nicht importiert auflisten.)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n scratchpad log(s) counted.</source>
        <translation>
            <numerusform>%n Scratchpad-Protokoll mitgezählt.</numerusform>
            <numerusform>%n Scratchpad-Protokolle mitgezählt.</numerusform>
        </translation>
    </message>
    <message>
        <source>scratchpad: %1</source>
        <translation>Scratchpad: %1</translation>
    </message>
    <message>
        <source>η (nats)</source>
        <translation>η (nats)</translation>
    </message>
    <message>
        <source>Empower-auto: η after each suggestion, per participant</source>
        <translation>Empower-auto: η nach jedem Vorschlag, je Teilnehmer</translation>
    </message>
    <message>
        <source>suggestions (judged, or showed nothing)</source>
        <translation>Vorschläge (beurteilt oder ohne Anzeige)</translation>
    </message>
</context>
<context>
    <name>ew::widgets::SuggestionSettingsPanel</name>
    <message>
        <source>Adapt to my typing rhythm</source>
        <translation>An meinen Tipprhythmus anpassen</translation>
    </message>
    <message>
        <source>Show suggestions while typing</source>
        <translation>Vorschläge beim Tippen anzeigen</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>A folder with config.json, model.safetensors and tokenizer.json</source>
        <translation>Ein Ordner mit config.json, model.safetensors und tokenizer.json</translation>
    </message>
    <message>
        <source>Empower-η (cut at η)</source>
        <translation>Empower-η (bei η abgeschnitten)</translation>
    </message>
    <message>
        <source>Base (uncut)</source>
        <translation>Base (ungekürzt)</translation>
    </message>
    <message>
        <source>Base-N (first N tokens)</source>
        <translation>Base-N (erste N Token)</translation>
    </message>
    <message>
        <source>N = </source>
        <translation>N = </translation>
    </message>
    <message>
        <source>nats</source>
        <translation>nats</translation>
    </message>
    <message>
        <source>bits</source>
        <translation>bits</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>Strategie:</translation>
    </message>
    <message>
        <source>η:</source>
        <translation>η:</translation>
    </message>
    <message>
        <source>Maximum length:</source>
        <translation>Maximale Länge:</translation>
    </message>
    <message>
        <source>Debounce:</source>
        <translation>Entprellung:</translation>
    </message>
    <message>
        <source>Choose a model directory</source>
        <translation>Modellverzeichnis auswählen</translation>
    </message>
    <message>
        <source>Whole file</source>
        <translation>Ganze Datei</translation>
    </message>
    <message>
        <source>How much of the text before the caret the model reads. Each token costs prefill time: a 0.6B model on a 2-core CPU reads about 65 tokens a second.</source>
        <translation>Wie viel Text vor der Einfügemarke das Modell liest. Jedes Token kostet Vorverarbeitungszeit: Ein 0,6B-Modell liest auf einer 2-Kern-CPU etwa 65 Token pro Sekunde.</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>Kontext:</translation>
    </message>
    <message>
        <source>Learned η</source>
        <translation>Gelerntes η</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Empower-auto (η learned from you)</source>
        <translation>Empower-auto (η von Ihnen gelernt)</translation>
    </message>
    <message>
        <source>Empower whose η follows what you keep of suggestions: longer where you read on, shorter where you stop</source>
        <translation>Empower, dessen η dem folgt, was Sie von Vorschlägen behalten: länger, wo Sie weiterlesen, kürzer, wo Sie aufhören</translation>
    </message>
    <message>
        <source>Whose learned η this is: each profile keeps its own, in the workspace</source>
        <translation>Wessen gelerntes η dies ist: Jedes Profil hat sein eigenes, im Arbeitsbereich</translation>
    </message>
    <message>
        <source>Forget what was learned for this profile and start again from the prior η</source>
        <translation>Vergessen, was für dieses Profil gelernt wurde, und wieder beim A-priori-η beginnen</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Profil:</translation>
    </message>
    <message>
        <source>η = %1 %2, the prior: %3 of %4 suggestions judged so far</source>
        <translation>η = %1 %2, der A-priori-Wert: bisher %3 von %4 Vorschlägen bewertet</translation>
    </message>
    <message>
        <source>η = %1 %2, learned from %3 suggestions</source>
        <translation>η = %1 %2, gelernt aus %3 Vorschlägen</translation>
    </message>
</context>
<context>
    <name>ew::widgets::TokenChipsView</name>
    <message>
        <source>−log p:</source>
        <translation>−log p:</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;p = %2 &amp;nbsp; −log p = %3 nats&lt;br&gt;rank: %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;p = %2 &amp;nbsp; −log p = %3 nats&lt;br&gt;Rang: %4</translation>
    </message>
    <message>
        <source>not in top %1</source>
        <translation>nicht unter den Top %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;br&gt;alternatives:&lt;table&gt;</source>
        <translation>&lt;br&gt;&lt;br&gt;Alternativen:&lt;table&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;i&gt;kept by the cut&lt;/i&gt;</source>
        <translation>&lt;br&gt;&lt;i&gt;vor dem Schnittpunkt (behalten)&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;i&gt;past the cut&lt;/i&gt;</source>
        <translation>&lt;br&gt;&lt;i&gt;hinter dem Schnittpunkt&lt;/i&gt;</translation>
    </message>
    <message>
        <source>nats   (dimmed: past the cut; grey text: typed, regenerated by token healing)</source>
        <translation>nats   (blass: nach dem Schnitt; graue Schrift: getippt, durch Token-Healing neu erzeugt)</translation>
    </message>
    <message>
        <source>&lt;br&gt;typed by you: regenerated by token healing, counted as 0 nats</source>
        <translation>&lt;br&gt;von Ihnen getippt: durch Token-Healing neu erzeugt, zählt als 0 nats</translation>
    </message>
    <message>
        <source>&lt;br&gt;begins with %1 typed character(s): probability given the typed text</source>
        <translation>&lt;br&gt;beginnt mit %1 getippten Zeichen: Wahrscheinlichkeit gegeben den getippten Text</translation>
    </message>
</context>
<context>
    <name>ew::widgets::TrainingPanel</name>
    <message>
        <source>Building a dataset</source>
        <translation>Erstellen eines Datensatzes</translation>
    </message>
    <message>
        <source>Showing the run</source>
        <translation>Anzeigen des Laufs</translation>
    </message>
    <message>
        <source>Stopping the run</source>
        <translation>Stoppen des Laufs</translation>
    </message>
    <message>
        <source>Resuming the run</source>
        <translation>Fortsetzen des Laufs</translation>
    </message>
    <message>
        <source>Launching the run</source>
        <translation>Starten des Laufs</translation>
    </message>
    <message>
        <source>Opening the run&apos;s output</source>
        <translation>Öffnen der Ausgabe des Laufs</translation>
    </message>
    <message>
        <source>Cloning the run</source>
        <translation>Klonen des Laufs</translation>
    </message>
    <message>
        <source>Deleting the run</source>
        <translation>Löschen des Laufs</translation>
    </message>
    <message>
        <source>Reading the runs in %1</source>
        <translation>Lesen der Läufe in %1</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Log. Skala</translation>
    </message>
    <message>
        <source>JSONL from `empower dataset` (prefix, completion)</source>
        <translation>JSONL aus `empower dataset` (prefix, completion)</translation>
    </message>
    <message>
        <source>auto (CUDA when present)</source>
        <translation>automatisch (CUDA, falls vorhanden)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>auto (bf16 on CUDA, fp32 on CPU)</source>
        <translation>automatisch (bf16 auf CUDA, fp32 auf der CPU)</translation>
    </message>
    <message>
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <source>bf16 products, fp32 weights</source>
        <translation>bf16-Produkte, fp32-Gewichte</translation>
    </message>
    <message>
        <source>Mixed precision: matrix products in bfloat16, weights and optimizer state in float32. Checkpoints are float32 either way.</source>
        <translation>Gemischte Genauigkeit: Matrixprodukte in bfloat16, Gewichte und Optimiererzustand in float32. Checkpoints sind in jedem Fall float32.</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>Ordner auswählen</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Datei auswählen</translation>
    </message>
    <message>
        <source>JSONL (*.jsonl)</source>
        <translation>JSONL-Dateien (*.jsonl)</translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation>Name des Laufs:</translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation>Basismodell:</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>Datensatz:</translation>
    </message>
    <message>
        <source>Build dataset…</source>
        <translation>Datensatz erstellen…</translation>
    </message>
    <message>
        <source>Make an Empower / SFT-N / SFT-RAND dataset from a corpus of programs</source>
        <translation>Einen Empower-, SFT-N- oder SFT-RAND-Datensatz aus einem Programmkorpus erstellen</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Batchgröße:</translation>
    </message>
    <message>
        <source>Gradient accumulation:</source>
        <translation>Gradientenakkumulation:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source>Warmup steps:</source>
        <translation>Aufwärmschritte:</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>Sequenzlänge:</translation>
    </message>
    <message>
        <source>Held-out fraction:</source>
        <translation>Validierungsanteil:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>Genauigkeit:</translation>
    </message>
    <message>
        <source>The exact command the job runs; it keeps running if the workbench closes</source>
        <translation>Der genaue Befehl, den der Job ausführt; er läuft weiter, auch wenn die Workbench geschlossen wird</translation>
    </message>
    <message>
        <source>New fine-tuning run</source>
        <translation>Neuer Fine-Tuning-Lauf</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>Befehl:</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Eval loss</source>
        <translation>Eval-Verlust</translation>
    </message>
    <message>
        <source>Select several runs (Ctrl+click) to compare their curves and configs</source>
        <translation>Mehrere Läufe auswählen (Ctrl+Klick), um ihre Kurven und Konfigurationen zu vergleichen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Clone config</source>
        <translation>Konfiguration klonen</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>Diagramm exportieren…</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Glättung</translation>
    </message>
    <message>
        <source>Stop the run before deleting it.</source>
        <translation>Stoppen Sie den Lauf, bevor Sie ihn löschen.</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>Lauf löschen</translation>
    </message>
    <message>
        <source>Delete run &quot;%1&quot; and its files in %2?</source>
        <translation>Lauf „%1“ und seine Dateien in %2 löschen?</translation>
    </message>
    <message>
        <source>Export metrics</source>
        <translation>Metriken exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Grafik (*.svg)</translation>
    </message>
    <message>
        <source>A run needs a name and a dataset.</source>
        <translation>Ein Lauf benötigt einen Namen und einen Datensatz.</translation>
    </message>
    <message>
        <source>The configs are identical (apart from names and folders).</source>
        <translation>Die Konfigurationen sind identisch (abgesehen von Namen und Ordnern).</translation>
    </message>
    <message>
        <source>Config differences:
</source>
        <translation>Konfigurationsunterschiede:
</translation>
    </message>
    <message>
        <source>Comparing %1 runs</source>
        <translation>Vergleich von %1 Läufen</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>eval loss</source>
        <translation>Eval-Verlust</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>%1 — %2 · %3 tokens/s · ETA %4</source>
        <translation>%1 — %2 · %3 Token/s · Restzeit %4</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ausführungsort</translation>
    </message>
    <message>
        <source>Data-parallel processes: one per GPU, or sharing the CPU. Gradients are summed across them (NCCL on CUDA when libtorch has it, Gloo otherwise), so the result equals one process.</source>
        <translation>Datenparallele Prozesse: einer pro GPU oder gemeinsam auf der CPU. Die Gradienten werden über alle summiert (NCCL auf CUDA, wenn libtorch es mitbringt, sonst Gloo), daher entspricht das Ergebnis einem einzelnen Prozess.</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>Prozesse:</translation>
    </message>
    <message>
        <source>Output…</source>
        <translation>Ausgabe…</translation>
    </message>
    <message>
        <source>Follow the selected run&apos;s log and progress files as they are written (local or Slurm)</source>
        <translation>Protokoll- und Fortschrittsdateien des gewählten Laufs live verfolgen (lokal oder Slurm)</translation>
    </message>
    <message>
        <source>Select a run first.</source>
        <translation>Wählen Sie zuerst einen Lauf aus.</translation>
    </message>
    <message>
        <source>auto (as memory allows)</source>
        <translation>automatisch (so viel der Speicher erlaubt)</translation>
    </message>
    <message>
        <source>Sequences per forward pass. A batch is split into passes of at most this many and their gradients summed: the same gradient as the whole batch, in less memory.</source>
        <translation>Sequenzen pro Vorwärtsdurchlauf. Ein Batch wird in Durchläufe mit höchstens so vielen aufgeteilt und deren Gradienten summiert: derselbe Gradient wie für den ganzen Batch, mit weniger Speicher.</translation>
    </message>
    <message>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <source>all available</source>
        <translation>alles Verfügbare</translation>
    </message>
    <message>
        <source>At most this much memory for the run, on a machine shared with other work. Batches are split, or the run refused before it starts, to stay within it.</source>
        <translation>Höchstens so viel Speicher für den Lauf, auf einem Rechner, der auch anderes tut. Batches werden aufgeteilt oder der Lauf vor dem Start abgelehnt, um darunter zu bleiben.</translation>
    </message>
    <message>
        <source>Micro-batch:</source>
        <translation>Mikro-Batch:</translation>
    </message>
    <message>
        <source>Memory limit:</source>
        <translation>Speichergrenze:</translation>
    </message>
</context>
<context>
    <name>ew::widgets::WelcomeDialog</name>
    <message>
        <source>Model: the bundled default model (loading…)</source>
        <translation>Modell: das mitgelieferte Standardmodell (wird geladen…)</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>Welcome to Empower Workbench</source>
        <translation>Willkommen bei Empower Workbench</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome&lt;/h2&gt;&lt;p&gt;A base language model scores your code as you type. The &lt;b&gt;Empower&lt;/b&gt; suggestion is the longest continuation whose cumulative negative log-likelihood stays under &lt;b&gt;η&lt;/b&gt;: it completes the obvious and stops where you have a decision to make.&lt;/p&gt;&lt;p&gt;Tab accepts a suggestion, Esc rejects it. The Token likelihood panel shows where and why a suggestion was cut. Training, Evaluation and User study are in the View menu.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Willkommen&lt;/h2&gt;&lt;p&gt;Ein Basis-Sprachmodell bewertet Ihren Code, während Sie tippen. Der &lt;b&gt;Empower&lt;/b&gt;-Vorschlag ist die längste Fortsetzung, deren kumulative negative Log-Likelihood unter &lt;b&gt;η&lt;/b&gt; bleibt: Er vervollständigt das Offensichtliche und hält dort an, wo Sie eine Entscheidung treffen müssen.&lt;/p&gt;&lt;p&gt;Tab nimmt einen Vorschlag an, Esc lehnt ihn ab. Der Bereich „Token-Likelihood“ zeigt, wo und warum ein Vorschlag abgeschnitten wurde. Training, Evaluation und Nutzerstudie finden Sie im Menü „Ansicht“.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Design:</translation>
    </message>
    <message>
        <source>Open the sample project</source>
        <translation>Beispielprojekt öffnen</translation>
    </message>
    <message>
        <source>Open a folder…</source>
        <translation>Ordner öffnen…</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Sample projects (each opens with the bundled model):</source>
        <translation>Beispielprojekte (jedes wird mit dem mitgelieferten Modell geöffnet):</translation>
    </message>
</context>
<context>
    <name>ew::widgets::guarded</name>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Empower Workbench: empowerment-maximizing code assistants</source>
        <translation>Empower Workbench: Code-Assistenten, die Empowerment maximieren</translation>
    </message>
    <message>
        <source>Project folder to open.</source>
        <translation>Zu öffnender Projektordner.</translation>
    </message>
    <message>
        <source>Model directory (config.json, model.safetensors, tokenizer.json).</source>
        <translation>Modellverzeichnis (config.json, model.safetensors, tokenizer.json).</translation>
    </message>
    <message>
        <source>Workspace database (runs, metrics); default: per-user.</source>
        <translation>Datenbank des Arbeitsbereichs (Läufe, Metriken); Standard: pro Benutzer.</translation>
    </message>
    <message>
        <source>Open the window, wait for the model, print one line and exit (0 when the model loaded): checks an installation.</source>
        <translation>Öffnet das Fenster, wartet auf das Modell, gibt eine Zeile aus und beendet sich (Exit-Code 0, wenn das Modell geladen wurde): prüft eine Installation.</translation>
    </message>
</context>
</TS>
