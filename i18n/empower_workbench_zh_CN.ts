<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DecisionPointsAtEta</name>
    <message>
        <source>Decision point: “%1” −log p = %2 %3</source>
        <translation>决策点：“%1” −log p = %2 %3</translation>
    </message>
    <message>
        <source>, taking the running −log p to %1 &gt; η = %2</source>
        <translation>，使累积 −log p 达到 %1 &gt; η = %2</translation>
    </message>
    <message>
        <source>, rank %1</source>
        <translation>，排名第 %1</translation>
    </message>
    <message>
        <source>, not among the model&apos;s %1 likeliest</source>
        <translation>，不在模型最可能的前 %1 个之内</translation>
    </message>
    <message>
        <source>“%1” %2</source>
        <translation>“%1” %2</translation>
    </message>
    <message>
        <source>The model expected (−log p): %1</source>
        <translation>模型预期的是（−log p）：%1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Cannot start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>No run %1</source>
        <translation>运行 %1 不存在</translation>
    </message>
    <message>
        <source>The run is not running</source>
        <translation>该运行未在进行中</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>session opened</source>
        <translation>会话已开启</translation>
    </message>
    <message>
        <source>part %1 of %2 — %3</source>
        <translation>第 %1/%2 部分 — %3</translation>
    </message>
    <message>
        <source>Assistant %1</source>
        <translation>助手 %1</translation>
    </message>
    <message>
        <source>no assistant</source>
        <translation>无助手</translation>
    </message>
    <message>
        <source> (ended)</source>
        <translation>（已结束）</translation>
    </message>
    <message>
        <source> (paused)</source>
        <translation>（已暂停）</translation>
    </message>
    <message>
        <source>this machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Slurm (submitting)</source>
        <translation>Slurm（正在提交）</translation>
    </message>
    <message>
        <source>Slurm job %1</source>
        <translation>Slurm 作业 %1</translation>
    </message>
    <message>
        <source> (%1 min left)</source>
        <translation>（剩余 %1 分钟）</translation>
    </message>
</context>
<context>
    <name>ew::widgets::AboutDialog</name>
    <message>
        <source>About Empower Workbench</source>
        <translation>关于 Empower Workbench</translation>
    </message>
    <message>
        <source>Empower Workbench %1
Qt %2 (built with %3)
libtorch %4%5
Model: %6</source>
        <translation>Empower Workbench %1
Qt %2（构建时使用 %3）
libtorch %4%5
模型：%6</translation>
    </message>
    <message>
        <source> with CUDA</source>
        <translation>（支持 CUDA）</translation>
    </message>
    <message>
        <source> (CPU)</source>
        <translation>（仅 CPU）</translation>
    </message>
    <message>
        <source>not loaded yet</source>
        <translation>尚未加载</translation>
    </message>
    <message>
        <source>

A research workbench for empowerment-maximizing code assistants: the assistant completes the obvious and stops at decision points.</source>
        <translation>

面向最大化赋能的代码助手的研究工作台：助手补全显而易见的部分，并在决策点处停下。</translation>
    </message>
</context>
<context>
    <name>ew::widgets::AdaptiveEtaController</name>
    <message>
        <source>The learned η of profile %1 could not be read (%2); learning starts again from η = %3</source>
        <translation>无法读取档案 %1 的已学习 η（%2）；将从 η = %3 重新开始学习</translation>
    </message>
    <message>
        <source>The learned η could not be saved: %1</source>
        <translation>无法保存已学习的 η：%1</translation>
    </message>
    <message>
        <source>The learned η could not be reset: %1</source>
        <translation>无法重置已学习的 η：%1</translation>
    </message>
</context>
<context>
    <name>ew::widgets::CodeEditor</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
</context>
<context>
    <name>ew::widgets::CumulativeNllChart</name>
    <message>
        <source>cumulative −log p</source>
        <translation>累积 −log p</translation>
    </message>
    <message>
        <source>η</source>
        <translation>η</translation>
    </message>
    <message>
        <source>cut</source>
        <translation>截断点</translation>
    </message>
    <message>
        <source>suffix tokens</source>
        <translation>后缀词元</translation>
    </message>
</context>
<context>
    <name>ew::widgets::DatasetDialog</name>
    <message>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <source>Build a training dataset</source>
        <translation>构建训练数据集</translation>
    </message>
    <message>
        <source>Folder of .py files, or JSONL with a &quot;text&quot; field</source>
        <translation>包含 .py 文件的文件夹，或带 &quot;text&quot; 字段的 JSONL</translation>
    </message>
    <message>
        <source>Empower-η (longest suffix with cumulative NLL ≤ η)</source>
        <translation>Empower-η（累积 NLL ≤ η 的最长后缀）</translation>
    </message>
    <message>
        <source>SFT-N (next N tokens)</source>
        <translation>SFT-N（接下来的 N 个词元）</translation>
    </message>
    <message>
        <source>SFT-RAND-a-b (uniform length in [a, b])</source>
        <translation>SFT-RAND-a-b（长度在 [a, b] 内均匀分布）</translation>
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
        <translation>语料库文件夹</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Corpus:</source>
        <translation>语料库：</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>η:</source>
        <translation>η：</translation>
    </message>
    <message>
        <source>N:</source>
        <translation>N：</translation>
    </message>
    <message>
        <source>Length range:</source>
        <translation>长度范围：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>输出：</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1 examples (%2), mean completion %3 tokens, %4 samples/s → %5</source>
        <translation>%1 个样例（%2），平均补全 %3 个词元，%4 样例/秒 → %5</translation>
    </message>
    <message>
        <source>Building…</source>
        <translation>正在构建…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Completion length (tokens)</source>
        <translation>补全长度（词元）</translation>
    </message>
    <message>
        <source>examples</source>
        <translation>样例</translation>
    </message>
</context>
<context>
    <name>ew::widgets::DecisionMapPanel</name>
    <message>
        <source>Turn on View → Decision Points to see where an Empower-η assistant would have stopped in this file.</source>
        <translation>请打开“视图 → 决策点”，以查看 Empower-η 助手会在此文件中的何处停下。</translation>
    </message>
    <message>
        <source>Completable share by η</source>
        <translation>各 η 下的可补全比例</translation>
    </message>
    <message>
        <source>η (nats)</source>
        <translation>η（nats）</translation>
    </message>
    <message>
        <source>The share of the file&apos;s characters outside decision tokens, at each η: how much an Empower-η assistant could have written here. The dot is the current η</source>
        <translation>在每个 η 下，文件中位于决策词元之外的字符所占比例：即 Empower-η 助手在此处本可写出多少内容。圆点表示当前的 η</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>−log p</source>
        <translation>−log p</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>The decision points in file order; activate one to go there (F8 / Shift+F8 in the editor)</source>
        <translation>按文件顺序列出的决策点；激活其中一个即可跳转到该处（在编辑器中按 F8 / Shift+F8）</translation>
    </message>
    <message numerus="yes">
        <source>%n decision point(s) at η = %1 %2: an Empower-η assistant could have completed %3 % of %4 characters</source>
        <translation>
            <numerusform>η = %1 %2 时有 %n 个决策点：Empower-η 助手本可补全 %4 个字符中的 %3 %</numerusform>
        </translation>
    </message>
    <message>
        <source> (scored so far)</source>
        <translation>（仅含目前已打分的部分）</translation>
    </message>
</context>
<context>
    <name>ew::widgets::EpisodeViewer</name>
    <message>
        <source>◀ Previous step</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>Next step ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Episodes — %1</source>
        <translation>回合 — %1</translation>
    </message>
    <message>
        <source>Episode:</source>
        <translation>回合：</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>The log holds no episodes yet.</source>
        <translation>日志中尚无回合。</translation>
    </message>
    <message>
        <source>Round %1 · %2</source>
        <translation>第 %1 轮 · %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Round %1 of %2&lt;/b&gt;</source>
        <translation>&lt;b&gt;第 %1 轮（共 %2 轮）&lt;/b&gt;</translation>
    </message>
    <message>
        <source>no suggestion shown</source>
        <translation>未显示建议</translation>
    </message>
    <message>
        <source>suggestion of %1 tokens (read)</source>
        <translation>建议含 %1 个词元（已阅读）</translation>
    </message>
    <message>
        <source>human: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>人类：&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>kept %1 characters, deleted %2</source>
        <translation>保留 %1 个字符，删除 %2 个</translation>
    </message>
    <message>
        <source>then wrote %1 tokens: &lt;code&gt;%2&lt;/code&gt;</source>
        <translation>随后写入 %1 个词元：&lt;code&gt;%2&lt;/code&gt;</translation>
    </message>
    <message>
        <source>No suggestion at this step.</source>
        <translation>此步骤没有建议。</translation>
    </message>
    <message>
        <source>Loading the likelihood model…</source>
        <translation>正在加载似然模型…</translation>
    </message>
    <message>
        <source>Assistant prompts: %1</source>
        <translation>助手提示词：%1</translation>
    </message>
    <message>
        <source>Human prompts: %1</source>
        <translation>模拟人类提示词：%1</translation>
    </message>
</context>
<context>
    <name>ew::widgets::EvaluationPanel</name>
    <message>
        <source>Launching the evaluation</source>
        <translation>启动评估</translation>
    </message>
    <message>
        <source>Opening the run&apos;s output</source>
        <translation>打开运行的输出</translation>
    </message>
    <message>
        <source>Opening the episodes</source>
        <translation>打开回合</translation>
    </message>
    <message>
        <source>Reading the runs in %1</source>
        <translation>读取 %1 中的运行</translation>
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
        <translation>Empower 对每个 η（nats）各运行一次：填写多个值即得到 η 扫描</translation>
    </message>
    <message>
        <source>Replay (follows the reference)</source>
        <translation>回放（遵循参考答案）</translation>
    </message>
    <message>
        <source>Noisy replay (accepts partly wrong, deletes)</source>
        <translation>带噪回放（接受部分错误的建议后再删除）</translation>
    </message>
    <message>
        <source>LLM human (an instruct model, App. D.3 prompts)</source>
        <translation>LLM 模拟人类（指令模型，使用附录 D.3 的提示词）</translation>
    </message>
    <message>
        <source>instruct model directory (Llama-3 / Qwen chat model)</source>
        <translation>指令模型目录（Llama-3 / Qwen 对话模型）</translation>
    </message>
    <message>
        <source>Prompt the assistant as an instruct model (App. D.1–D.2)</source>
        <translation>以指令模型方式提示助手（附录 D.1–D.2）</translation>
    </message>
    <message>
        <source>Problem set:</source>
        <translation>题目集：</translation>
    </message>
    <message>
        <source>Assistant model:</source>
        <translation>助手模型：</translation>
    </message>
    <message>
        <source>Policies:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>η values:</source>
        <translation>η 值：</translation>
    </message>
    <message>
        <source>Simulated human:</source>
        <translation>模拟人类：</translation>
    </message>
    <message>
        <source>Human model:</source>
        <translation>人类模型：</translation>
    </message>
    <message>
        <source>K_H (tokens per turn):</source>
        <translation>K_H（每轮词元数）：</translation>
    </message>
    <message>
        <source>Round cap:</source>
        <translation>轮数上限：</translation>
    </message>
    <message>
        <source>Run evaluation</source>
        <translation>运行评估</translation>
    </message>
    <message>
        <source>Evaluate assistants</source>
        <translation>评估助手</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>策略</translation>
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
        <translation>接受率</translation>
    </message>
    <message>
        <source>DPR</source>
        <translation>DPR</translation>
    </message>
    <message>
        <source>Tokens read</source>
        <translation>已读词元</translation>
    </message>
    <message>
        <source>Tokens written</source>
        <translation>已写词元</translation>
    </message>
    <message>
        <source>View episodes…</source>
        <translation>查看回合…</translation>
    </message>
    <message>
        <source>Replay the selected run&apos;s episodes step by step in the editor, with the likelihood visualizer</source>
        <translation>在编辑器中逐步回放所选运行的回合，并配合似然可视化</translation>
    </message>
    <message>
        <source>Select an evaluation run first.</source>
        <translation>请先选择一个评估运行。</translation>
    </message>
    <message>
        <source>Run %1 has no episode log yet (%2).</source>
        <translation>运行 %1 尚无回合日志（%2）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid η</source>
        <translation>“%1”不是有效的 η</translation>
    </message>
    <message>
        <source>The LLM human needs an instruct model directory.</source>
        <translation>LLM 模拟人类需要指令模型目录。</translation>
    </message>
    <message>
        <source>Pass@1, accept ratio and DPR (±1 s.e.)</source>
        <translation>Pass@1、接受率和 DPR（±1 标准误）</translation>
    </message>
    <message>
        <source>η sweep (Empower)</source>
        <translation>η 扫描（Empower）</translation>
    </message>
    <message>
        <source>accept</source>
        <translation>接受率</translation>
    </message>
    <message>
        <source>length (chars)</source>
        <translation>长度（字符）</translation>
    </message>
    <message>
        <source>η (nats)</source>
        <translation>η（nats）</translation>
    </message>
    <message>
        <source>chars</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>运行位置</translation>
    </message>
    <message>
        <source>Output…</source>
        <translation>输出…</translation>
    </message>
    <message>
        <source>Follow the selected run&apos;s log and progress files as they are written (local or Slurm)</source>
        <translation>实时跟踪所选运行的日志和进度文件（本机或 Slurm）</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ExperimentFormDialog</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Replay (types the reference, keeps what matches it)</source>
        <translation>回放（输入参考答案，保留与其一致的部分）</translation>
    </message>
    <message>
        <source>New experiment</source>
        <translation>新建实验</translation>
    </message>
    <message>
        <source>the bundled model</source>
        <translation>内置模型</translation>
    </message>
    <message>
        <source>The base model: the datasets&apos; likelihood model and what every assistant is fine-tuned from</source>
        <translation>基础模型：数据集的似然模型，也是每个助手微调的起点</translation>
    </message>
    <message>
        <source>A folder of .py files or a JSONL file, as for empower dataset --corpus. Keep it apart from the evaluation problems</source>
        <translation>包含 .py 文件的文件夹或 JSONL 文件，与 empower dataset --corpus 相同。请与评估题目分开</translation>
    </message>
    <message>
        <source>One dataset per seed and method (comma-separated)</source>
        <translation>每个随机种子和方法各一个数据集（以逗号分隔）</translation>
    </message>
    <message>
        <source>Empower: one dataset per η in nats (comma-separated); empty: no Empower arm</source>
        <translation>Empower：每个 η（nats）一个数据集（以逗号分隔）；留空：无 Empower 组别</translation>
    </message>
    <message>
        <source>SFT-N: the first N tokens of each completion, one arm per N; empty: none</source>
        <translation>SFT-N：每个补全的前 N 个词元，每个 N 一个组别；留空：无</translation>
    </message>
    <message>
        <source>SFT-RAND-A-B: a random length between A and B tokens, one arm per range (e.g. 1-30); empty: none</source>
        <translation>SFT-RAND-A-B：长度在 A 到 B 个词元之间随机，每个范围一个组别（例如 1-30）；留空：无</translation>
    </message>
    <message>
        <source>Policies evaluated on the base model itself: base, base-N, empower</source>
        <translation>直接在基础模型上评估的策略：base、base-N、empower</translation>
    </message>
    <message>
        <source>Assistants fine-tuned per dataset, with fine-tuning seeds 0, 1, …</source>
        <translation>每个数据集微调的助手数，微调随机种子依次为 0、1、…</translation>
    </message>
    <message>
        <source>Problem-set folders (comma-separated), each holding problem folders</source>
        <translation>题目集文件夹（以逗号分隔），每个文件夹包含若干题目文件夹</translation>
    </message>
    <message>
        <source>Seeded noisy-replay humans: overlook some correct suggestions, type uneven bursts; one per seed, pooled in one table row. Empty: none</source>
        <translation>带随机种子的带噪回放模拟人类：会忽略部分正确建议，以不均匀的节奏成段输入；每个随机种子一个，合并为表格中的一行。留空：无</translation>
    </message>
    <message>
        <source>libtorch&apos;s choice</source>
        <translation>由 libtorch 决定</translation>
    </message>
    <message>
        <source>Where the spec file is written; its stages go next to it in &lt;name&gt;.stages</source>
        <translation>规格文件的写入位置；其各阶段保存在同目录下的 &lt;name&gt;.stages 中</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Spec file:</source>
        <translation>规格文件：</translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation>基础模型：</translation>
    </message>
    <message>
        <source>Training corpus:</source>
        <translation>训练语料库：</translation>
    </message>
    <message>
        <source>Dataset seeds:</source>
        <translation>数据集随机种子：</translation>
    </message>
    <message>
        <source>Trained arms</source>
        <translation>训练组别</translation>
    </message>
    <message>
        <source>Empower η:</source>
        <translation>Empower η：</translation>
    </message>
    <message>
        <source>SFT-N, N:</source>
        <translation>SFT-N，N：</translation>
    </message>
    <message>
        <source>SFT-RAND ranges:</source>
        <translation>SFT-RAND 范围：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>训练轮数：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>序列长度：</translation>
    </message>
    <message>
        <source>Repeats:</source>
        <translation>重复次数：</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Untrained arms:</source>
        <translation>未训练组别：</translation>
    </message>
    <message>
        <source>Problem sets:</source>
        <translation>题目集：</translation>
    </message>
    <message>
        <source>Humans:</source>
        <translation>模拟人类：</translation>
    </message>
    <message>
        <source>Noisy replay seeds:</source>
        <translation>带噪回放随机种子：</translation>
    </message>
    <message>
        <source>Rounds per episode:</source>
        <translation>每个回合的轮数：</translation>
    </message>
    <message>
        <source>Threads per stage:</source>
        <translation>每个阶段的线程数：</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Create and run</source>
        <translation>创建并运行</translation>
    </message>
    <message>
        <source>Command and spec:</source>
        <translation>命令和规格：</translation>
    </message>
    <message>
        <source>Name: give the experiment a name</source>
        <translation>名称：请为实验命名</translation>
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
        <translation>带噪回放随机种子</translation>
    </message>
    <message>
        <source>Humans: choose the replay human, noisy-replay seeds or both</source>
        <translation>模拟人类：请选择回放、带噪回放随机种子，或两者都选</translation>
    </message>
    <message>
        <source>Dataset seeds</source>
        <translation>数据集随机种子</translation>
    </message>
    <message>
        <source>the form</source>
        <translation>表单</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ExperimentsPanel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Fine-tune loss</source>
        <translation>微调损失</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Describe a grid of methods, arms and humans; it is saved as a spec file</source>
        <translation>描述由方法、组别和模拟人类组成的网格；它将保存为规格文件</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Add an experiment spec file (JSON), e.g. projects/experiments/paper-mini.json</source>
        <translation>添加实验规格文件（JSON），例如 projects/experiments/paper-mini.json</translation>
    </message>
    <message>
        <source>The workspace&apos;s experiments: those run from here or with empower experiment run --workspace</source>
        <translation>工作区中的实验：在此处运行的，或通过 empower experiment run --workspace 运行的实验</translation>
    </message>
    <message>
        <source>Run every stage that is not done, one at a time, in the background; finished stages are reused</source>
        <translation>在后台逐个运行所有未完成的阶段；已完成的阶段会被复用</translation>
    </message>
    <message>
        <source>Stop after the running stage checkpoints; Run continues from there</source>
        <translation>在正在运行的阶段保存检查点后停止；“运行”会从那里继续</translation>
    </message>
    <message>
        <source>Write the results as CSV or a LaTeX tabular, or Figure 2 as SVG or PNG</source>
        <translation>将结果写为 CSV 或 LaTeX 表格（tabular），或将图 2 写为 SVG 或 PNG</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Human</source>
        <translation>模拟人类</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Episodes</source>
        <translation>回合数</translation>
    </message>
    <message>
        <source>Pass@1</source>
        <translation>Pass@1</translation>
    </message>
    <message>
        <source>Accept ratio</source>
        <translation>接受率</translation>
    </message>
    <message>
        <source>DPR</source>
        <translation>DPR</translation>
    </message>
    <message>
        <source>Tokens read</source>
        <translation>已读词元</translation>
    </message>
    <message>
        <source>Tokens written</source>
        <translation>已写词元</translation>
    </message>
    <message>
        <source>Suggestion length</source>
        <translation>建议长度</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Figure 2 for this simulated human</source>
        <translation>此模拟人类的图 2</translation>
    </message>
    <message>
        <source>Figure 2 for:</source>
        <translation>图 2 对应：</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Open experiment spec</source>
        <translation>打开实验规格</translation>
    </message>
    <message>
        <source>Experiment spec (*.json)</source>
        <translation>实验规格 (*.json)</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>CSV (*.csv);;LaTeX tabular (*.tex);;Figure 2, SVG (*.svg);;Figure 2, PNG (*.png)</source>
        <translation>CSV 文件 (*.csv);;LaTeX 表格 (*.tex);;图 2，SVG (*.svg);;图 2，PNG (*.png)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Planning the experiment</source>
        <translation>规划实验</translation>
    </message>
    <message>
        <source>The stages could not be planned.</source>
        <translation>无法规划各阶段。</translation>
    </message>
    <message>
        <source>Reading the workspace</source>
        <translation>读取工作区</translation>
    </message>
    <message>
        <source>Spec: %1
Stages: %2</source>
        <translation>规格：%1
阶段：%2</translation>
    </message>
    <message>
        <source>Opening the experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <source>Creating the experiment</source>
        <translation>创建实验</translation>
    </message>
    <message>
        <source>No experiment yet: New… describes one, Open… adds a spec file.</source>
        <translation>尚无实验：“新建…”可描述一个实验，“打开…”可添加规格文件。</translation>
    </message>
    <message>
        <source>Planning: reading the corpus, the model and the problems to key the stages…</source>
        <translation>规划中：正在读取语料库、模型和题目，以计算各阶段的键…</translation>
    </message>
    <message>
        <source>Reading the experiment&apos;s stages</source>
        <translation>读取实验的各阶段</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>已完成 %1/%2</translation>
    </message>
    <message>
        <source>%1 of %2 stages done</source>
        <translation>已完成 %1/%2 个阶段</translation>
    </message>
    <message>
        <source> · %1 failed</source>
        <translation> · %1 个失败</translation>
    </message>
    <message>
        <source> · running (process %1)</source>
        <translation> · 运行中（进程 %1）</translation>
    </message>
    <message>
        <source> · not running</source>
        <translation> · 未在运行</translation>
    </message>
    <message>
        <source> · at least %1 left (stages of a kind none of which has finished are not counted)</source>
        <translation> · 至少还剩 %1（同类阶段尚无一个完成的阶段未计入）</translation>
    </message>
    <message>
        <source> · about %1 left</source>
        <translation> · 约剩 %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Pass@1, accept ratio and DPR (±1 s.e.) — %1</source>
        <translation>Pass@1、接受率和 DPR（±1 标准误）— %1</translation>
    </message>
    <message>
        <source>Running the experiment</source>
        <translation>运行实验</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>select an experiment and wait until its stages are planned</source>
        <translation>请选择一个实验，并等待其各阶段规划完成</translation>
    </message>
    <message>
        <source>it is running already (process %1)</source>
        <translation>它已在运行（进程 %1）</translation>
    </message>
    <message>
        <source>the spec file %1 is gone</source>
        <translation>规格文件 %1 已不存在</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>已启动：%1</translation>
    </message>
    <message>
        <source>Stopping the experiment</source>
        <translation>停止实验</translation>
    </message>
    <message>
        <source>no run of this experiment is going on</source>
        <translation>该实验当前没有正在进行的运行</translation>
    </message>
    <message>
        <source>Asked process %1 to stop; its stage checkpoints, and Resume continues</source>
        <translation>已请求进程 %1 停止；其当前阶段会保存检查点，之后可用“继续”接着运行</translation>
    </message>
    <message>
        <source>Exporting the results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>no evaluation has finished yet</source>
        <translation>尚无已完成的评估</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>%1: the file name must end in .csv, .tex, .svg or .png</source>
        <translation>%1：文件名必须以 .csv、.tex、.svg 或 .png 结尾</translation>
    </message>
    <message>
        <source>Opening the episodes</source>
        <translation>打开回合</translation>
    </message>
    <message>
        <source>%1 has no episode log yet</source>
        <translation>%1 尚无回合日志</translation>
    </message>
    <message>
        <source>Episodes of %1</source>
        <translation>%1 的回合</translation>
    </message>
    <message>
        <source>at once: </source>
        <translation>同时：</translation>
    </message>
    <message>
        <source>on Slurm</source>
        <translation>在 Slurm 上</translation>
    </message>
    <message>
        <source>Submit every stage as a Slurm job chained to its parents&apos; jobs (afterok) instead of running here</source>
        <translation>将每个阶段作为 Slurm 作业提交，并链接在其上游阶段的作业之后（afterok），而不是在本机运行</translation>
    </message>
    <message>
        <source>--partition P --gpus 1 --time 04:00:00</source>
        <translation>--partition P --gpus 1 --time 04:00:00</translation>
    </message>
    <message>
        <source>What each stage&apos;s job asks for: --partition, --gpus, --cpus, --time, --mem, --directive</source>
        <translation>每个阶段的作业所申请的资源：--partition、--gpus、--cpus、--time、--mem、--directive</translation>
    </message>
    <message>
        <source>Double-click an evaluation to replay its episodes; right-click a stage to stop or resume it by itself</source>
        <translation>双击评估可回放其回合；右键单击阶段可单独停止或继续该阶段</translation>
    </message>
    <message>
        <source>Asking Slurm</source>
        <translation>询问 Slurm</translation>
    </message>
    <message>
        <source>Slurm resources: %1 is not one of %2</source>
        <translation>Slurm 资源：%1 不是 %2 之一</translation>
    </message>
    <message>
        <source>Slurm resources: %1 needs a value</source>
        <translation>Slurm 资源：%1 需要一个值</translation>
    </message>
    <message>
        <source>held</source>
        <translation>已挂起</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source> · %1 held</source>
        <translation> · %1 个已挂起</translation>
    </message>
    <message>
        <source> · %1 queued</source>
        <translation> · %1 个排队中</translation>
    </message>
    <message>
        <source> · on Slurm: %1 running</source>
        <translation> · Slurm 上：%1 个运行中</translation>
    </message>
    <message>
        <source>Stopping the stage</source>
        <translation>停止阶段</translation>
    </message>
    <message>
        <source>the stage is done: nothing to stop</source>
        <translation>该阶段已完成：无需停止</translation>
    </message>
    <message>
        <source>Held %1: the run stops it (it checkpoints) and starts nothing that needs it; the other stages go on</source>
        <translation>已挂起 %1：运行会停止它（保存检查点），并且不会启动任何依赖它的阶段；其他阶段继续进行</translation>
    </message>
    <message>
        <source>Resuming the stage</source>
        <translation>继续阶段</translation>
    </message>
    <message>
        <source>Released %1: the run going on (process %2) starts it once its needs are done</source>
        <translation>已解除挂起 %1：正在进行的运行（进程 %2）会在其依赖完成后启动它</translation>
    </message>
    <message>
        <source>Stop this stage</source>
        <translation>停止此阶段</translation>
    </message>
    <message>
        <source>Resume this stage</source>
        <translation>继续此阶段</translation>
    </message>
    <message>
        <source>Open episodes</source>
        <translation>打开回合</translation>
    </message>
    <message>
        <source>Cancelling the experiment&apos;s Slurm jobs; Run submits what is not done again</source>
        <translation>正在取消实验的 Slurm 作业；“运行”会重新提交未完成的部分</translation>
    </message>
    <message>
        <source>Stages run side by side, each as soon as its needs are done. 1 suits a small machine: each stage already uses the threads it is given. With CUDA devices, each running stage gets one of its own, so at most that many run at once</source>
        <translation>各阶段并行运行，每个阶段在其依赖完成后立即开始。小型机器适合 1：每个阶段已经使用分配给它的线程。有 CUDA 设备时，每个运行中的阶段独占一个设备，因此同时运行的阶段数不超过设备数</translation>
    </message>
</context>
<context>
    <name>ew::widgets::JobTargetBox</name>
    <message>
        <source>Run on</source>
        <translation>运行于</translation>
    </message>
    <message>
        <source>This machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Slurm cluster</source>
        <translation>Slurm 集群</translation>
    </message>
    <message>
        <source>cluster default</source>
        <translation>集群默认值</translation>
    </message>
    <message>
        <source>GPUs on one node (--gres=gpu:N)</source>
        <translation>单个节点上的 GPU 数（--gres=gpu:N）</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>e.g. 12:00:00 or 1-00:00:00</source>
        <translation>例如 12:00:00 或 1-00:00:00</translation>
    </message>
    <message>
        <source>e.g. 64G</source>
        <translation>例如 64G</translation>
    </message>
    <message>
        <source>One sbatch option per line, e.g. --account=lab</source>
        <translation>每行一个 sbatch 选项，例如 --account=lab</translation>
    </message>
    <message>
        <source>Partition:</source>
        <translation>分区：</translation>
    </message>
    <message>
        <source>GPUs:</source>
        <translation>GPU：</translation>
    </message>
    <message>
        <source>CPUs per task:</source>
        <translation>每个任务的 CPU 数：</translation>
    </message>
    <message>
        <source>Time limit:</source>
        <translation>时间限制：</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>内存：</translation>
    </message>
    <message>
        <source>Extra directives:</source>
        <translation>附加指令：</translation>
    </message>
    <message>
        <source>Asking Slurm…</source>
        <translation>正在询问 Slurm…</translation>
    </message>
    <message>
        <source>Slurm answers: jobs will be submitted with sbatch.</source>
        <translation>Slurm 已响应：作业将通过 sbatch 提交。</translation>
    </message>
    <message>
        <source>Slurm does not answer here (%1). Run the workbench on a submit host, or set SLURM_CONF.</source>
        <translation>Slurm 在此处无响应（%1）。请在提交主机上运行工作台，或设置 SLURM_CONF。</translation>
    </message>
</context>
<context>
    <name>ew::widgets::KeepCurveChart</name>
    <message>
        <source>cumulative −log p (nats)</source>
        <translation>累积 −log p（nats）</translation>
    </message>
    <message>
        <source>p(keep)</source>
        <translation>p(keep)</translation>
    </message>
    <message>
        <source>How likely you are to keep the next suggested token, by how surprising the suggestion is so far (learned from what you kept). The dot is the η suggestions are cut at now</source>
        <translation>您保留下一个建议词元的可能性，随该建议到目前为止的意外程度而变化（从您保留的内容中学习得到）。圆点表示当前截断建议所用的 η</translation>
    </message>
</context>
<context>
    <name>ew::widgets::LikelihoodView</name>
    <message>
        <source>Current suggestion</source>
        <translation>当前建议</translation>
    </message>
    <message>
        <source>Text after the caret</source>
        <translation>光标后的文本</translation>
    </message>
    <message>
        <source>Score the assistant&apos;s suggestion, or the real text after the caret as Algorithm 1 scores a human&apos;s code</source>
        <translation>为助手的建议打分，或像算法 1 为人类代码打分那样，为光标后的实际文本打分</translation>
    </message>
    <message>
        <source>η</source>
        <translation>η</translation>
    </message>
    <message>
        <source>Threshold on the cumulative negative log-likelihood (Eq. 2)</source>
        <translation>累积负对数似然的阈值（式 2）</translation>
    </message>
    <message>
        <source>Suffix:</source>
        <translation>后缀：</translation>
    </message>
    <message>
        <source>Type in the editor: suggestions and their token likelihoods appear here.</source>
        <translation>请在编辑器中输入：建议及其词元似然将显示在此处。</translation>
    </message>
    <message>
        <source>%1 of %2 tokens kept at η = %3 %4 (kept −log p = %5)</source>
        <translation>η = %3 %4 时保留 %2 个词元中的 %1 个（保留部分 −log p = %5）</translation>
    </message>
    <message>
        <source>Prompt: %1</source>
        <translation>提示词：%1</translation>
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
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save %1 before closing?</source>
        <translation>关闭前是否保存 %1？</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>保存失败</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Latency of the last suggestion: debounce fired → ghost text shown</source>
        <translation>上一条建议的延迟：防抖触发 → 幽灵文本显示</translation>
    </message>
    <message>
        <source>Model failed to load</source>
        <translation>模型加载失败</translation>
    </message>
    <message>
        <source>η = %1 %2</source>
        <translation>η = %1 %2</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Token likelihood</source>
        <translation>词元似然</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>User study</source>
        <translation>用户研究</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Recent Projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Suggest</source>
        <translation>建议(&amp;S)</translation>
    </message>
    <message>
        <source>Suggest Now</source>
        <translation>立即建议</translation>
    </message>
    <message>
        <source>Accept suggestion</source>
        <translation>接受建议</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Accept next word</source>
        <translation>接受下一个词</translation>
    </message>
    <message>
        <source>Ctrl+Right</source>
        <translation>Ctrl+Right</translation>
    </message>
    <message>
        <source>Accept next line</source>
        <translation>接受下一行</translation>
    </message>
    <message>
        <source>Ctrl+Down</source>
        <translation>Ctrl+Down</translation>
    </message>
    <message>
        <source>Reject suggestion</source>
        <translation>拒绝建议</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Colour File by Likelihood</source>
        <translation>按似然为文件着色</translation>
    </message>
    <message>
        <source>Colour every token of the open file by −log p under the model</source>
        <translation>按模型给出的 −log p 为已打开文件中的每个词元着色</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Empower Workbench</source>
        <translation>关于 Empower Workbench(&amp;A)</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Not a project (no project.json): %1</source>
        <translation>不是项目（缺少 project.json）：%1</translation>
    </message>
    <message>
        <source>%1/project.json is not valid JSON: %2</source>
        <translation>%1/project.json 不是有效的 JSON：%2</translation>
    </message>
    <message>
        <source>%1 — Empower Workbench</source>
        <translation>%1 — Empower Workbench</translation>
    </message>
    <message>
        <source>last suggestion: %1 ms</source>
        <translation>上一条建议：%1 ms</translation>
    </message>
    <message>
        <source>No suggestion yet: type in the editor (or press Ctrl+Space).</source>
        <translation>尚无建议：请在编辑器中输入（或按 Ctrl+Space）。</translation>
    </message>
    <message>
        <source>No text after the caret.</source>
        <translation>光标后没有文本。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Save %1?</source>
        <translation>是否保存 %1？</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Welcome Screen</source>
        <translation>欢迎界面(&amp;W)</translation>
    </message>
    <message>
        <source>Colouring file: %p%</source>
        <translation>正在为文件着色：%p%</translation>
    </message>
    <message>
        <source>Scoring the whole file window by window; the colours appear as it goes</source>
        <translation>逐窗口为整个文件打分；颜色随进度逐步显示</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop colouring the file by likelihood</source>
        <translation>停止按似然为文件着色</translation>
    </message>
    <message>
        <source>Experiments</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>Decision points</source>
        <translation>决策点</translation>
    </message>
    <message>
        <source>Decision Points</source>
        <translation>决策点</translation>
    </message>
    <message>
        <source>Mark where an Empower-η assistant following the writer would have stopped: the tokens that take the running −log p above η</source>
        <translation>标记跟随编写者的 Empower-η 助手会在何处停下：即使累积 −log p 超过 η 的词元</translation>
    </message>
    <message>
        <source>Next Decision Point</source>
        <translation>下一个决策点</translation>
    </message>
    <message>
        <source>Previous Decision Point</source>
        <translation>上一个决策点</translation>
    </message>
    <message>
        <source>No decision point after the caret</source>
        <translation>光标后没有决策点</translation>
    </message>
    <message>
        <source>No decision point before the caret</source>
        <translation>光标前没有决策点</translation>
    </message>
    <message>
        <source>Waiting for the model and an open file.</source>
        <translation>正在等待模型和已打开的文件。</translation>
    </message>
    <message>
        <source>Turn on View → Decision Points to see where an Empower-η assistant would have stopped in this file.</source>
        <translation>请打开“视图 → 决策点”，以查看 Empower-η 助手会在此文件中的何处停下。</translation>
    </message>
</context>
<context>
    <name>ew::widgets::MetricChart</name>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ModelStatus</name>
    <message>
        <source>no model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source>%1 · %2M parameters · %3 · %4</source>
        <translation>%1 · %2M 参数 · %3 · %4</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ParticipantWindow</name>
    <message>
        <source>Study session — participant %1</source>
        <translation>研究会话 — 参与者 %1</translation>
    </message>
    <message>
        <source>No assistant</source>
        <translation>无助手</translation>
    </message>
    <message>
        <source>Assistant %1</source>
        <translation>助手 %1</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Run tests</source>
        <translation>运行测试</translation>
    </message>
    <message>
        <source>I am done with this part</source>
        <translation>我已完成这一部分</translation>
    </message>
    <message>
        <source>Paused by the conductor</source>
        <translation>已被研究人员暂停</translation>
    </message>
    <message>
        <source>Test results appear here.</source>
        <translation>测试结果将显示在此处。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Questionnaire — assign each rank to exactly one assistant.</source>
        <translation>问卷 — 请将每个名次分配给恰好一个助手。</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <source>Thank you! The session is complete. Please tell the conductor.</source>
        <translation>谢谢！本次会话已完成，请告知研究人员。</translation>
    </message>
    <message>
        <source>Ctrl+Alt+P</source>
        <translation>Ctrl+Alt+P</translation>
    </message>
    <message>
        <source>All tests passed.</source>
        <translation>所有测试均已通过。</translation>
    </message>
    <message>
        <source>Some tests failed.</source>
        <translation>部分测试未通过。</translation>
    </message>
    <message>
        <source>The problem could not be loaded: %1</source>
        <translation>无法加载题目：%1</translation>
    </message>
    <message>
        <source>with %1</source>
        <translation>使用%1</translation>
    </message>
    <message>
        <source>without an assistant</source>
        <translation>不使用助手</translation>
    </message>
    <message>
        <source>Part %1 of %2 (%3) was interrupted.
%4 remain.</source>
        <translation>第 %1/%2 部分（%3）已中断。
剩余时间：%4。</translation>
    </message>
    <message>
        <source>Part %1 of %2: solve the problem %3.
You have %4 minutes. Tab accepts a suggestion, Esc rejects it.</source>
        <translation>第 %1/%2 部分：请解答题目（%3）。
您有 %4 分钟时间。按 Tab 接受建议，按 Esc 拒绝建议。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Part %1 of %2 — %3</source>
        <translation>第 %1/%2 部分 — %3</translation>
    </message>
    <message>
        <source>Notes on %1: what did you like and dislike about it?</source>
        <translation>关于“%1”的备注：您喜欢它的哪些方面，不喜欢哪些方面？</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: give each assistant a different rank.</source>
        <translation>“%1”：请为每个助手分配不同的名次。</translation>
    </message>
    <message>
        <source>Running the tests…</source>
        <translation>正在运行测试…</translation>
    </message>
    <message>
        <source>Restoring the assistant</source>
        <translation>正在恢复助手</translation>
    </message>
    <message>
        <source>What this part learned about η could not be read back (%1); it starts again from η = %2</source>
        <translation>无法读回此部分学到的 η（%1）；将从 η = %2 重新开始</translation>
    </message>
</context>
<context>
    <name>ew::widgets::PreferencesDialog</name>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>Follow the desktop</source>
        <translation>跟随桌面</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>The new language is used from the next start of the workbench.</source>
        <translation>新语言将在下次启动工作台时生效。</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>bubblewrap (recommended)</source>
        <translation>bubblewrap（推荐）</translation>
    </message>
    <message>
        <source>unshare only (weaker: the program may see more of this computer)</source>
        <translation>仅 unshare（较弱：程序可能看到这台计算机的更多内容）</translation>
    </message>
    <message>
        <source>How generated and participants&apos; code is isolated when it is run against tests. Without bubblewrap, tests are refused unless the weaker isolation is chosen here.</source>
        <translation>生成的代码和参与者的代码在运行测试时如何隔离。没有 bubblewrap 时，除非在此选择较弱的隔离，否则拒绝运行测试。</translation>
    </message>
    <message>
        <source>Sandbox:</source>
        <translation>沙箱：</translation>
    </message>
    <message>
        <source>fp32 (4 bytes per weight)</source>
        <translation>fp32（每个权重 4 字节）</translation>
    </message>
    <message>
        <source>bf16 (half the memory; rounds fp32 checkpoints)</source>
        <translation>bf16（内存减半；将 fp32 检查点舍入）</translation>
    </message>
    <message>
        <source>How the CPU holds a model&apos;s weights; arithmetic is fp32 either way. Applies to the next model loaded.</source>
        <translation>CPU 如何保存模型权重；计算始终为 fp32。对下一个加载的模型生效。</translation>
    </message>
    <message>
        <source>Model weights:</source>
        <translation>模型权重：</translation>
    </message>
    <message>
        <source>Automatic (the fastest here that keeps results; see empower calibrate-weights)</source>
        <translation>自动（本机上不改变结果的最快方式；参见 empower calibrate-weights）</translation>
    </message>
    <message>
        <source>int8 (a quarter of the memory; scores move slightly, check with empower calibrate-weights)</source>
        <translation>int8（四分之一内存；分数略有变化，请用 empower calibrate-weights 检查）</translation>
    </message>
</context>
<context>
    <name>ew::widgets::RunOutputDialog</name>
    <message>
        <source>Output of %1</source>
        <translation>%1 的输出</translation>
    </message>
    <message>
        <source>Log and errors</source>
        <translation>日志和错误</translation>
    </message>
    <message>
        <source>Progress (JSON lines)</source>
        <translation>进度（JSON 行）</translation>
    </message>
    <message>
        <source>(nothing yet: %1 does not exist)</source>
        <translation>（暂无内容：%1 不存在）</translation>
    </message>
    <message>
        <source>(earlier output omitted)</source>
        <translation>（已省略较早的输出）</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ServeAssistantBox</name>
    <message>
        <source>Serve to other editors</source>
        <translation>提供给其他编辑器</translation>
    </message>
    <message>
        <source>Serve on port</source>
        <translation>在端口上提供服务</translation>
    </message>
    <message>
        <source>0 picks a free port</source>
        <translation>0 表示自动选择空闲端口</translation>
    </message>
    <message>
        <source>Serve this assistant on loopback: tab_frontend (POST /), OpenAI (/v1/completions), llama.cpp (/infill)</source>
        <translation>在本机回环地址上提供此助手：tab_frontend (POST /)、OpenAI (/v1/completions)、llama.cpp (/infill)</translation>
    </message>
    <message>
        <source>No model is loaded yet.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <source>Empower-auto learns from what you keep in this editor; a remote editor&apos;s user does not tell it. Choose Empower-η to serve.</source>
        <translation>Empower-auto 从您在此编辑器中保留的内容中学习；远程编辑器的用户不会告诉它这些。请选择 Empower-η 来提供服务。</translation>
    </message>
    <message>
        <source>Serving %1 at %2</source>
        <translation>正在 %2 提供 %1</translation>
    </message>
    <message>
        <source>Serving %1 at %2
tab_frontend: POST /   OpenAI: /v1/completions   llama.cpp: /infill</source>
        <translation>正在 %2 提供 %1
tab_frontend: POST /   OpenAI: /v1/completions   llama.cpp: /infill</translation>
    </message>
    <message>
        <source>Not serving.</source>
        <translation>未提供服务。</translation>
    </message>
    <message>
        <source>Stop serving</source>
        <translation>停止提供服务</translation>
    </message>
</context>
<context>
    <name>ew::widgets::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Editor › Accept suggestion</source>
        <translation>编辑器 › 接受建议</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Editor › Accept next word</source>
        <translation>编辑器 › 接受下一个词</translation>
    </message>
    <message>
        <source>Ctrl+Right</source>
        <translation>Ctrl+Right</translation>
    </message>
    <message>
        <source>Editor › Accept next line</source>
        <translation>编辑器 › 接受下一行</translation>
    </message>
    <message>
        <source>Ctrl+Down</source>
        <translation>Ctrl+Down</translation>
    </message>
    <message>
        <source>Editor › Reject suggestion</source>
        <translation>编辑器 › 拒绝建议</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Episode viewer › Previous / next step</source>
        <translation>回合查看器 › 上一步 / 下一步</translation>
    </message>
    <message>
        <source>Alt+Left / Alt+Right</source>
        <translation>Alt+Left / Alt+Right</translation>
    </message>
    <message>
        <source>Study session › Conductor pause / resume</source>
        <translation>研究会话 › 研究人员暂停 / 继续</translation>
    </message>
    <message>
        <source>Ctrl+Alt+P</source>
        <translation>Ctrl+Alt+P</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>ew::widgets::StudyPanel</name>
    <message>
        <source>Pausing the session</source>
        <translation>暂停会话</translation>
    </message>
    <message>
        <source>Opening the session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Unblinding the study</source>
        <translation>揭盲研究</translation>
    </message>
    <message>
        <source>Reading the studies in %1</source>
        <translation>读取 %1 中的研究</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Unblind…</source>
        <translation>揭盲…</translation>
    </message>
    <message>
        <source>New study…</source>
        <translation>新建研究…</translation>
    </message>
    <message>
        <source>From design file…</source>
        <translation>从设计文件创建…</translation>
    </message>
    <message>
        <source>A study design JSON (as `empower study create --design` takes): any arms, phases, questionnaire</source>
        <translation>研究设计 JSON（格式与 `empower study create --design` 所接受的相同）：可包含任意组别、阶段和问卷</translation>
    </message>
    <message>
        <source>Import tab_frontend logs…</source>
        <translation>导入 tab_frontend 日志…</translation>
    </message>
    <message>
        <source>Study:</source>
        <translation>研究：</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>参与者</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Enrol participant</source>
        <translation>登记参与者</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Pause / resume phase</source>
        <translation>暂停 / 继续阶段</translation>
    </message>
    <message>
        <source>Pauses the open participant window&apos;s timer and editor (also Ctrl+Alt+P in that window)</source>
        <translation>暂停已打开的参与者窗口中的计时器和编辑器（也可在该窗口中按 Ctrl+Alt+P）</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>参与者</translation>
    </message>
    <message>
        <source>Shown</source>
        <translation>已显示</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Accept %</source>
        <translation>接受 %</translation>
    </message>
    <message>
        <source>Suggestions / participant</source>
        <translation>建议数/参与者</translation>
    </message>
    <message>
        <source>Study design</source>
        <translation>研究设计</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>New study</source>
        <translation>新建研究</translation>
    </message>
    <message>
        <source>Enrolled %1</source>
        <translation>已登记 %1</translation>
    </message>
    <message>
        <source>Select a participant first.</source>
        <translation>请先选择一名参与者。</translation>
    </message>
    <message>
        <source>Loading the assistants&apos; models…</source>
        <translation>正在加载各助手的模型…</translation>
    </message>
    <message>
        <source>Study session</source>
        <translation>研究会话</translation>
    </message>
    <message>
        <source>No study selected.</source>
        <translation>未选择研究。</translation>
    </message>
    <message>
        <source>No study yet: create one (the paper&apos;s protocol is the default) or import tab_frontend logs.</source>
        <translation>尚无研究：请新建一个（默认采用论文中的方案），或导入 tab_frontend 日志。</translation>
    </message>
    <message>
        <source>Assistant %1</source>
        <translation>助手 %1</translation>
    </message>
    <message>
        <source>unassisted</source>
        <translation>无辅助</translation>
    </message>
    <message>
        <source>%1 problem(s); phases: %2; %3.</source>
        <translation>%1 道题目；阶段：%2；%3。</translation>
    </message>
    <message>
        <source>%1 assistants, &lt;b&gt;blinded&lt;/b&gt;</source>
        <translation>%1 个助手，&lt;b&gt;盲态&lt;/b&gt;</translation>
    </message>
    <message>
        <source>unblinded: arms %1</source>
        <translation>已揭盲：组别 %1</translation>
    </message>
    <message>
        <source>%1 ranked first by %2/%3 (p = %4 one-sided, %5 two-sided)</source>
        <translation>%1 被 %2/%3 人排在第一（p = %4 单侧，%5 双侧）</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Ranked first (share, 95% CI)</source>
        <translation>排名第一（比例，95% 置信区间）</translation>
    </message>
    <message>
        <source>accepted / shown</source>
        <translation>已接受/已显示</translation>
    </message>
    <message>
        <source>Suggestions shown per participant</source>
        <translation>每名参与者看到的建议数</translation>
    </message>
    <message>
        <source>suggestions</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Arm A (Empower)</source>
        <translation>组别 A（Empower）</translation>
    </message>
    <message>
        <source>Arm A η (nats)</source>
        <translation>组别 A 的 η（nats）</translation>
    </message>
    <message>
        <source>Arm B (policy: base-N or empower)</source>
        <translation>组别 B（策略：base-N 或 empower）</translation>
    </message>
    <message>
        <source>Unassisted minutes</source>
        <translation>无辅助时长（分钟）</translation>
    </message>
    <message>
        <source>Minutes per assistant</source>
        <translation>每个助手的时长（分钟）</translation>
    </message>
    <message>
        <source>Counterbalancing seed</source>
        <translation>顺序平衡随机种子</translation>
    </message>
    <message>
        <source>Folder holding one folder per participant</source>
        <translation>每名参与者各含一个子文件夹的文件夹</translation>
    </message>
    <message>
        <source>Rankings CSV (optional; cancel to skip)</source>
        <translation>排名 CSV（可选；取消即跳过）</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Study name</source>
        <translation>研究名称</translation>
    </message>
    <message>
        <source>Imported %1 participant(s), %2 events (%3 lines skipped).</source>
        <translation>已导入 %1 名参与者、%2 个事件（跳过 %3 行）。</translation>
    </message>
    <message>
        <source>Unblind study</source>
        <translation>研究揭盲</translation>
    </message>
    <message>
        <source>Unblinding shows which arm each participant saw as Assistant 1 / 2, here and in exports. It cannot be undone.
Type the study&apos;s name to confirm:</source>
        <translation>揭盲后，此处及导出内容中将显示每名参与者所见的助手 1 / 2 分别对应哪个组别。此操作无法撤销。
请输入研究名称以确认：</translation>
    </message>
    <message>
        <source>The name did not match; the study stays blinded.</source>
        <translation>名称不匹配；研究保持盲态。</translation>
    </message>
    <message>
        <source>Export study to folder</source>
        <translation>将研究导出到文件夹</translation>
    </message>
    <message>
        <source>Exported: %1</source>
        <translation>已导出：%1</translation>
    </message>
    <message>
        <source>Shown chars / suggestion</source>
        <translation>显示字符 / 建议</translation>
    </message>
    <message>
        <source>Chars / accept</source>
        <translation>字符 / 接受</translation>
    </message>
    <message>
        <source>Deleted / accept</source>
        <translation>删除 / 接受</translation>
    </message>
    <message>
        <source>pooled (ratio of sums over all suggestions) / mean of participants</source>
        <translation>合并（所有建议之和的比值）/ 参与者均值</translation>
    </message>
    <message>
        <source>Hypothesis: %1 — one-sided p in that direction for accept ratio and deletions per accept.</source>
        <translation>假设：%1 — 接受率和每次接受的删除量按该方向给出单侧 p。</translation>
    </message>
    <message>
        <source>No hypothesis stated: every p-value is two-sided.</source>
        <translation>未声明假设：所有 p 值均为双侧。</translation>
    </message>
    <message>
        <source>p = %1 (two-sided)</source>
        <translation>p = %1（双侧）</translation>
    </message>
    <message>
        <source>p = %1 (one-sided, %2), %3 (two-sided)</source>
        <translation>p = %1（单侧，%2），%3（双侧）</translation>
    </message>
    <message>
        <source>%1 vs %2 — unit: participant (paired)</source>
        <translation>%1 对 %2 — 单位：参与者（配对）</translation>
    </message>
    <message>
        <source>  %1: n = %2, mean %3 vs %4</source>
        <translation>  %1：n = %2，均值 %3 对 %4</translation>
    </message>
    <message>
        <source>; paired t = %1, %2</source>
        <translation>；配对 t = %1，%2</translation>
    </message>
    <message>
        <source>; Wilcoxon %1</source>
        <translation>；Wilcoxon %1</translation>
    </message>
    <message>
        <source>; exact sign-flip %1</source>
        <translation>；精确符号翻转检验 %1</translation>
    </message>
    <message>
        <source>; pooled difference %1 (95% CI %2 to %3, cluster bootstrap)</source>
        <translation>；合并差值 %1（95% 置信区间 %2 至 %3，整群自助法）</translation>
    </message>
    <message>
        <source>  secondary, unit: suggestion (treats suggestions as independent): acceptance z = %1, %2</source>
        <translation>  次要，单位：建议（将建议视为独立）：接受 z = %1，%2</translation>
    </message>
    <message>
        <source>; deletions per accept: Welch t = %1, df = %2, %3</source>
        <translation>；每次接受的删除量：Welch t = %1，df = %2，%3</translation>
    </message>
    <message>
        <source>Accept ratio — mean of participants (±1 s.e.)</source>
        <translation>接受率 — 参与者均值（±1 标准误）</translation>
    </message>
    <message>
        <source>Characters per accept — mean of participants (±1 s.e.)</source>
        <translation>每次接受的字符数 — 参与者均值（±1 标准误）</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>deleted later</source>
        <translation>后来删除</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Warnings: %1.</source>
        <translation>警告：%1。</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) or folder(s) not imported.</source>
        <translation>
            <numerusform>%n 个文件或文件夹未导入。</numerusform>
        </translation>
    </message>
    <message>
        <source>not imported: %1</source>
        <translation>未导入：%1</translation>
    </message>
    <message>
        <source>Hypothesis (better &gt; worse)</source>
        <translation>假设（较好 &gt; 较差）</translation>
    </message>
    <message>
        <source>%1

Import it again in place of the earlier import? The participant keeps its code; its earlier sessions are deleted (ranking answers too if a rankings file is given).</source>
        <translation>%1

是否以此文件夹替换先前的导入并重新导入？参与者保留其代码；其先前的会话将被删除（如果提供了排名文件，排名答案也会被删除）。</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier import(s) replaced.</source>
        <translation>
            <numerusform>已替换 %n 个先前的导入。</numerusform>
        </translation>
    </message>
    <message>
        <source>replaced: %1</source>
        <translation>已替换：%1</translation>
    </message>
    <message>
        <source>e.g. empower-4 &gt; base-20</source>
        <translation>例如 empower-4 &gt; base-20</translation>
    </message>
    <message>
        <source>Optional, stated before any data: the arm expected to do better, then the other. Tests become one-sided in that direction; empty: every test is two-sided.</source>
        <translation>可选，在收集任何数据之前声明：先写预期表现更好的组，再写另一组。检验将在该方向上单侧进行；留空：所有检验均为双侧。</translation>
    </message>
    <message numerus="yes">
        <source>%n scratchpad log(s) found (the editor&apos;s free-typing pad, no problem&apos;s code).

Count them toward the assistant whose folder holds them, as the paper&apos;s analysis script does? (No: list them as not imported.)</source>
        <translation>
            <numerusform>找到 %n 个草稿区日志（编辑器的自由输入区，没有题目代码）。

是否像论文的分析脚本那样，把它们计入所在文件夹对应的助手？（否：列为未导入。）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n scratchpad log(s) counted.</source>
        <translation>
            <numerusform>已计入 %n 个草稿区日志。</numerusform>
        </translation>
    </message>
    <message>
        <source>scratchpad: %1</source>
        <translation>草稿区：%1</translation>
    </message>
    <message>
        <source>η (nats)</source>
        <translation>η（nats）</translation>
    </message>
    <message>
        <source>Empower-auto: η after each suggestion, per participant</source>
        <translation>Empower-auto：每位参与者每条建议后的 η</translation>
    </message>
    <message>
        <source>suggestions (judged, or showed nothing)</source>
        <translation>建议（已评判或未显示内容）</translation>
    </message>
</context>
<context>
    <name>ew::widgets::SuggestionSettingsPanel</name>
    <message>
        <source>Adapt to my typing rhythm</source>
        <translation>适应我的输入节奏</translation>
    </message>
    <message>
        <source>Show suggestions while typing</source>
        <translation>输入时显示建议</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>A folder with config.json, model.safetensors and tokenizer.json</source>
        <translation>包含 config.json、model.safetensors 和 tokenizer.json 的文件夹</translation>
    </message>
    <message>
        <source>Empower-η (cut at η)</source>
        <translation>Empower-η（在 η 处截断）</translation>
    </message>
    <message>
        <source>Base (uncut)</source>
        <translation>Base（不截断）</translation>
    </message>
    <message>
        <source>Base-N (first N tokens)</source>
        <translation>Base-N（前 N 个词元）</translation>
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
        <translation> 个词元</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>η:</source>
        <translation>η：</translation>
    </message>
    <message>
        <source>Maximum length:</source>
        <translation>最大长度：</translation>
    </message>
    <message>
        <source>Debounce:</source>
        <translation>防抖延迟：</translation>
    </message>
    <message>
        <source>Choose a model directory</source>
        <translation>选择模型目录</translation>
    </message>
    <message>
        <source>Whole file</source>
        <translation>整个文件</translation>
    </message>
    <message>
        <source>How much of the text before the caret the model reads. Each token costs prefill time: a 0.6B model on a 2-core CPU reads about 65 tokens a second.</source>
        <translation>模型读取光标之前的多少文本。每个词元都要花费预填充时间：0.6B 模型在双核 CPU 上每秒约读取 65 个词元。</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>上下文：</translation>
    </message>
    <message>
        <source>Learned η</source>
        <translation>已学习的 η</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Empower-auto (η learned from you)</source>
        <translation>Empower-auto（从您的使用中学习 η）</translation>
    </message>
    <message>
        <source>Empower whose η follows what you keep of suggestions: longer where you read on, shorter where you stop</source>
        <translation>η 随您对建议的保留情况而调整的 Empower：在您继续阅读之处更长，在您停下之处更短</translation>
    </message>
    <message>
        <source>Whose learned η this is: each profile keeps its own, in the workspace</source>
        <translation>此已学习 η 所属的档案：每个档案在工作区中各自保存自己的 η</translation>
    </message>
    <message>
        <source>Forget what was learned for this profile and start again from the prior η</source>
        <translation>忘记为此档案学习到的内容，并从先验 η 重新开始</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>档案：</translation>
    </message>
    <message>
        <source>η = %1 %2, the prior: %3 of %4 suggestions judged so far</source>
        <translation>η = %1 %2，即先验值：目前已评估 %4 条建议中的 %3 条</translation>
    </message>
    <message>
        <source>η = %1 %2, learned from %3 suggestions</source>
        <translation>η = %1 %2，从 %3 条建议中学习得到</translation>
    </message>
</context>
<context>
    <name>ew::widgets::TokenChipsView</name>
    <message>
        <source>−log p:</source>
        <translation>−log p：</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;p = %2 &amp;nbsp; −log p = %3 nats&lt;br&gt;rank: %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;p = %2 &amp;nbsp; −log p = %3 nats&lt;br&gt;排名：%4</translation>
    </message>
    <message>
        <source>not in top %1</source>
        <translation>不在前 %1 名内</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;br&gt;alternatives:&lt;table&gt;</source>
        <translation>&lt;br&gt;&lt;br&gt;候选项：&lt;table&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;i&gt;kept by the cut&lt;/i&gt;</source>
        <translation>&lt;br&gt;&lt;i&gt;截断后保留&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;i&gt;past the cut&lt;/i&gt;</source>
        <translation>&lt;br&gt;&lt;i&gt;位于截断点之后&lt;/i&gt;</translation>
    </message>
    <message>
        <source>nats   (dimmed: past the cut; grey text: typed, regenerated by token healing)</source>
        <translation>nats   （变暗：截断之后；灰色文字：已输入，由词元修复重新生成）</translation>
    </message>
    <message>
        <source>&lt;br&gt;typed by you: regenerated by token healing, counted as 0 nats</source>
        <translation>&lt;br&gt;由您输入：由词元修复重新生成，计为 0 nats</translation>
    </message>
    <message>
        <source>&lt;br&gt;begins with %1 typed character(s): probability given the typed text</source>
        <translation>&lt;br&gt;以 %1 个已输入字符开头：给定已输入文本时的概率</translation>
    </message>
</context>
<context>
    <name>ew::widgets::TrainingPanel</name>
    <message>
        <source>Building a dataset</source>
        <translation>构建数据集</translation>
    </message>
    <message>
        <source>Showing the run</source>
        <translation>显示运行</translation>
    </message>
    <message>
        <source>Stopping the run</source>
        <translation>停止运行</translation>
    </message>
    <message>
        <source>Resuming the run</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <source>Launching the run</source>
        <translation>启动运行</translation>
    </message>
    <message>
        <source>Opening the run&apos;s output</source>
        <translation>打开运行的输出</translation>
    </message>
    <message>
        <source>Cloning the run</source>
        <translation>克隆运行</translation>
    </message>
    <message>
        <source>Deleting the run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Reading the runs in %1</source>
        <translation>读取 %1 中的运行</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <source>JSONL from `empower dataset` (prefix, completion)</source>
        <translation>由 `empower dataset` 生成的 JSONL（prefix、completion）</translation>
    </message>
    <message>
        <source>auto (CUDA when present)</source>
        <translation>自动（有 CUDA 时使用 CUDA）</translation>
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
        <translation>自动（CUDA 上用 bf16，CPU 上用 fp32）</translation>
    </message>
    <message>
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <source>bf16 products, fp32 weights</source>
        <translation>bf16 矩阵乘，fp32 权重</translation>
    </message>
    <message>
        <source>Mixed precision: matrix products in bfloat16, weights and optimizer state in float32. Checkpoints are float32 either way.</source>
        <translation>混合精度：矩阵乘用 bfloat16，权重和优化器状态用 float32。检查点始终为 float32。</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>JSONL (*.jsonl)</source>
        <translation>JSONL 文件 (*.jsonl)</translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation>运行名称：</translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation>基础模型：</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <source>Build dataset…</source>
        <translation>构建数据集…</translation>
    </message>
    <message>
        <source>Make an Empower / SFT-N / SFT-RAND dataset from a corpus of programs</source>
        <translation>从程序语料库构建 Empower / SFT-N / SFT-RAND 数据集</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>训练轮数：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Gradient accumulation:</source>
        <translation>梯度累积：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Warmup steps:</source>
        <translation>预热步数：</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>序列长度：</translation>
    </message>
    <message>
        <source>Held-out fraction:</source>
        <translation>留出集比例：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>The exact command the job runs; it keeps running if the workbench closes</source>
        <translation>作业实际执行的命令；关闭工作台后它仍会继续运行</translation>
    </message>
    <message>
        <source>New fine-tuning run</source>
        <translation>新建微调运行</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Eval loss</source>
        <translation>评估损失</translation>
    </message>
    <message>
        <source>Select several runs (Ctrl+click) to compare their curves and configs</source>
        <translation>选择多个运行（Ctrl+单击）以比较其曲线和配置</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Clone config</source>
        <translation>克隆配置</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export chart…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Stop the run before deleting it.</source>
        <translation>请先停止该运行，再将其删除。</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete run &quot;%1&quot; and its files in %2?</source>
        <translation>是否删除运行“%1”及其位于 %2 中的文件？</translation>
    </message>
    <message>
        <source>Export metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>A run needs a name and a dataset.</source>
        <translation>运行需要名称和数据集。</translation>
    </message>
    <message>
        <source>The configs are identical (apart from names and folders).</source>
        <translation>这些配置完全相同（名称和文件夹除外）。</translation>
    </message>
    <message>
        <source>Config differences:
</source>
        <translation>配置差异：
</translation>
    </message>
    <message>
        <source>Comparing %1 runs</source>
        <translation>正在比较 %1 个运行</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>eval loss</source>
        <translation>评估损失</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>%1 — %2 · %3 tokens/s · ETA %4</source>
        <translation>%1 — %2 · %3 词元/秒 · 预计剩余 %4</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>运行位置</translation>
    </message>
    <message>
        <source>Data-parallel processes: one per GPU, or sharing the CPU. Gradients are summed across them (NCCL on CUDA when libtorch has it, Gloo otherwise), so the result equals one process.</source>
        <translation>数据并行进程：每个 GPU 一个，或共享 CPU。梯度在所有进程间求和（libtorch 支持时在 CUDA 上使用 NCCL，否则使用 Gloo），因此结果与单个进程相同。</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>进程数：</translation>
    </message>
    <message>
        <source>Output…</source>
        <translation>输出…</translation>
    </message>
    <message>
        <source>Follow the selected run&apos;s log and progress files as they are written (local or Slurm)</source>
        <translation>实时跟踪所选运行的日志和进度文件（本机或 Slurm）</translation>
    </message>
    <message>
        <source>Select a run first.</source>
        <translation>请先选择一个运行。</translation>
    </message>
    <message>
        <source>auto (as memory allows)</source>
        <translation>自动（按内存允许）</translation>
    </message>
    <message>
        <source>Sequences per forward pass. A batch is split into passes of at most this many and their gradients summed: the same gradient as the whole batch, in less memory.</source>
        <translation>每次前向传播的序列数。一个批次被拆分为最多这么多序列的多次传播，并将梯度相加：与整个批次的梯度相同，但占用更少内存。</translation>
    </message>
    <message>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <source>all available</source>
        <translation>全部可用</translation>
    </message>
    <message>
        <source>At most this much memory for the run, on a machine shared with other work. Batches are split, or the run refused before it starts, to stay within it.</source>
        <translation>在与其他工作共用的机器上，此运行最多使用这么多内存。为不超出此限制，批次会被拆分，或在开始前拒绝运行。</translation>
    </message>
    <message>
        <source>Micro-batch:</source>
        <translation>微批次：</translation>
    </message>
    <message>
        <source>Memory limit:</source>
        <translation>内存上限：</translation>
    </message>
</context>
<context>
    <name>ew::widgets::WelcomeDialog</name>
    <message>
        <source>Model: the bundled default model (loading…)</source>
        <translation>模型：内置的默认模型（正在加载…）</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Welcome to Empower Workbench</source>
        <translation>欢迎使用 Empower Workbench</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome&lt;/h2&gt;&lt;p&gt;A base language model scores your code as you type. The &lt;b&gt;Empower&lt;/b&gt; suggestion is the longest continuation whose cumulative negative log-likelihood stays under &lt;b&gt;η&lt;/b&gt;: it completes the obvious and stops where you have a decision to make.&lt;/p&gt;&lt;p&gt;Tab accepts a suggestion, Esc rejects it. The Token likelihood panel shows where and why a suggestion was cut. Training, Evaluation and User study are in the View menu.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;欢迎&lt;/h2&gt;&lt;p&gt;基础语言模型会在您输入时为您的代码打分。&lt;b&gt;Empower&lt;/b&gt; 建议是累积负对数似然保持在 &lt;b&gt;η&lt;/b&gt; 以下的最长续写：它补全显而易见的部分，并在您需要做决定的地方停下。&lt;/p&gt;&lt;p&gt;按 Tab 接受建议，按 Esc 拒绝建议。“词元似然”面板显示建议在何处被截断以及截断的原因。“训练”、“评估”和“用户研究”位于“视图”菜单中。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>Open the sample project</source>
        <translation>打开示例项目</translation>
    </message>
    <message>
        <source>Open a folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Sample projects (each opens with the bundled model):</source>
        <translation>示例项目（均使用内置模型打开）：</translation>
    </message>
</context>
<context>
    <name>ew::widgets::guarded</name>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Empower Workbench: empowerment-maximizing code assistants</source>
        <translation>Empower Workbench：最大化赋能的代码助手</translation>
    </message>
    <message>
        <source>Project folder to open.</source>
        <translation>要打开的项目文件夹。</translation>
    </message>
    <message>
        <source>Model directory (config.json, model.safetensors, tokenizer.json).</source>
        <translation>模型目录（config.json、model.safetensors、tokenizer.json）。</translation>
    </message>
    <message>
        <source>Workspace database (runs, metrics); default: per-user.</source>
        <translation>工作区数据库（运行、指标）；默认：按用户存放。</translation>
    </message>
    <message>
        <source>Open the window, wait for the model, print one line and exit (0 when the model loaded): checks an installation.</source>
        <translation>打开窗口，等待模型加载，输出一行后退出（模型加载成功时返回 0）：用于检查安装。</translation>
    </message>
</context>
</TS>
