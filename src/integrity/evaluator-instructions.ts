/**
 * Text addressed to the evaluator rather than to the user: attempts to override the judge's instructions,
 * steer its verdict, or pose as a system or grader note — in English and the languages most used in
 * benchmark attacks (Chinese, Japanese, Korean, Spanish, French, German, Russian, Portuguese, Italian).
 * Each pattern needs the act (ignore / choose / rate) and its object (instructions / this answer / the judge),
 * so ordinary prose ("we can ignore that for simplicity", "the coroner's verdict") does not match.
 */
export const EVALUATOR_PATTERNS: { name: string; re: RegExp }[] = [
  {
    name: 'override of previous instructions',
    re: /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,25}\b(?:previous|prior|above|earlier|preceding|all|any|your|these|original|system)\s+(?:\w+\s+)?(?:instructions?|prompts?|directions?|rules|guidelines|criteria|system prompt|context|messages?|evaluation)\b/i,
  },
  {
    name: 'override of the text above',
    re: /\b(?:ignore|disregard|forget)\s+(?:everything|all|the text|what(?:ever)? (?:is|was))?\s*(?:above|before this|so far)\b/i,
  },
  {
    name: 'address to the evaluator',
    re: /\b(?:dear|note (?:to|for)|attention|message (?:to|for)|hey|hello),?\s+(?:the\s+)?(?:ai\s+|llm\s+|gpt-?4\s+)?(?:judge|evaluator|grader|rater|annotator|reviewer|assessor)s?\b[^.\n]{0,60}\b(?:please|remember|note that|keep in mind|you should|you must|make sure|prefer|choose|select|rate|score|give)\b/i,
  },
  {
    name: 'instruction to the evaluator',
    re: /\b(?:judge|evaluator|grader|rater|annotator|reviewer|assessor|evaluating (?:model|system|ai))s?\b[^.\n]{0,60}\b(?:must|should|shall|needs? to|has to|is (?:instructed|required|expected) to|please)\b[^.\n]{0,40}\b(?:prefer|choose|select|pick|rate|score|output|favou?r|declare|give|award|mark|rank|consider this)\b/i,
  },
  {
    name: 'request to pick this answer',
    re: /(?:\b(?:please|you should|you must|kindly)\s+|(?:^|[.!?]\s+|\n)\s*)(?:choose|select|prefer|pick|favou?r|vote for)\s+(?:this|my)\s+(?:response|answer|output|reply)\b/i,
  },
  {
    name: 'claim to be the best answer',
    re: /\b(?:this|my)\s+(?:response|answer|output|reply)\s+(?:is|should be|must be|deserves to be|will be|has been)\s+(?:rated |judged |chosen |selected )?(?:as )?(?:the )?(?:best|better|superior|winning|winner|preferred|correct choice|highest[- ]rated)\b/i,
  },
  {
    name: 'demand for a verdict token',
    re: /\b(?:output|respond with|reply with|answer with|print|return|say|write)\b[^.\n]{0,25}(?:\[\[|\bmodel_identifier\b|\bthe (?:model )?identifier\b|\bthe winner\b)/i,
  },
  {
    name: 'demand for a verdict letter',
    re: /\b(?:[Oo]utput|[Rr]espond with|[Rr]eply with|[Aa]nswer with|[Pp]rint|[Rr]eturn|[Ss]ay|[Ww]rite)\b[^.\n]{0,25}\bonly\s+(?:the letter\s+)?["']?[ABmM]["']?(?:\s|$|\.)/,
  },
  {
    name: 'fake system or grader note',
    re: /[[(<{]\s*(?:system|admin(?:istrator)?|grader|evaluator|judge|moderator)\s*(?:note|override|message|instruction|notice|directive|update|prompt)s?\s*[\])>}:]|(?:^|\n)\s*(?:system|grader|evaluator|judge|moderator)\s*(?:note|override|message|instruction|notice|directive)s?\s*:/i,
  },
  {
    name: 'fake evaluation note',
    re: /(?:^|\n)\s*(?:[-*#>]+\s*)?(?:evaluation|grading|judging|scoring|reviewer|assessment|rating) (?:note|notice|instruction|guideline|update)s?\s*:/i,
  },
  {
    name: 'request for the higher score',
    re: /\b(?:this|my) (?:one|response|answer|output|reply)\b[^.\n]{0,40}\bshould (?:receive|get|be given|win|be rated|be scored|be ranked)\b/i,
  },
  {
    name: 'disparaging the other response',
    re: /\bthe other (?:response|answer|output|assistant|model|reply)\b[^.\n]{0,40}\b(?:contains|has|is|makes|gives)\b[^.\n]{0,30}\b(?:errors?|mistakes?|wrong|incorrect|inaccura\w*|worse|harmful|false)\b/i,
  },
  {
    name: 'role change of the reader',
    re: /\byou are (?:no longer|now)\b[^.\n]{0,40}\b(?:judge|evaluator|grader|comparing|evaluating|rating|assistant)/i,
  },
  {
    name: 'appeal to authority',
    re: /\b(?:this (?:response|answer|output) (?:has been|was|is) (?:verified|certified|approved|endorsed|pre-?rated|validated)|(?:openai|anthropic|alpacaeval|arena-hard|lmsys|the (?:benchmark|evaluation|leaderboard) (?:authors|organi[sz]ers|maintainers|team))\b[^.\n]{0,50}\b(?:requires? (?:that )?(?:you|the (?:judge|evaluator))|instructs?|mandates?|(?:has|have) (?:decided|confirmed|verified|certified)))/i,
  },
  {
    name: 'instruction override (Chinese)',
    re: /(?:忽略|无视|忽视|不要理会|忘记)[^。\n]{0,8}(?:之前|以上|上面|前面|先前|所有|全部)?[^。\n]{0,6}(?:指令|指示|说明|提示|要求|规则)/,
  },
  {
    name: 'instruction to the evaluator (Chinese)',
    re: /(?:评委|评审|评估者|评价者|裁判|评分者|评判|打分者)[^。\n]{0,15}(?:必须|应该|应当|请|务必)[^。\n]{0,15}(?:选择|评分|给出|输出|打分|判定|认为)/,
  },
  {
    name: 'instruction override (Japanese)',
    re: /(?:以前|前|上記|これまで)の(?:指示|命令|指令|プロンプト)を(?:無視|忘れ)/,
  },
  {
    name: 'instruction to the evaluator (Japanese)',
    re: /(?:評価者|審査員|採点者|ジャッジ)[^。\n]{0,15}(?:必ず|べき|ください)/,
  },
  {
    name: 'instruction override (Korean)',
    re: /(?:이전|위의|앞의|모든)\s*(?:지시|명령|지침|프롬프트)[^.\n]{0,6}(?:무시|잊)/,
  },
  { name: 'instruction to the evaluator (Korean)', re: /(?:평가자|심사위원|채점자)[^.\n]{0,20}(?:해야|하십시오|선택)/ },
  {
    name: 'instruction override (Spanish/Portuguese/Italian)',
    re: /\bignor(?:a|ar|e|en|ad|em|are)\b[^.\n]{0,30}\b(?:instrucciones|instruções|istruzioni|indicaciones)\b/i,
  },
  {
    name: 'instruction to the evaluator (Spanish/Portuguese/Italian)',
    re: /\b(?:evaluador|evaluadora|juez|avaliador|valutatore|giudice)\b[^.\n]{0,50}\b(?:debe|deberá|deve|dovrebbe|tiene que)\b/i,
  },
  {
    name: 'instruction override (French)',
    re: /\b(?:ignore[zr]?|oublie[zr]?)\b[^.\n]{0,30}\b(?:instructions|consignes|directives)\b/i,
  },
  {
    name: 'instruction to the evaluator (French)',
    re: /\b(?:évaluateur|évaluatrice|juge|correcteur)\b[^.\n]{0,50}\b(?:doit|devrait|devez)\b/i,
  },
  {
    name: 'instruction override (German)',
    re: /\bignorier(?:e|en|t)?\b[^.\n]{0,30}\b(?:Anweisungen|Instruktionen|Vorgaben|Anleitung)\b/i,
  },
  {
    name: 'instruction to the evaluator (German)',
    re: /\b(?:Bewerter|Bewerterin|Prüfer|Gutachter|Richter)\b[^.\n]{0,50}\b(?:muss|soll|sollte|müssen)\b/i,
  },
  {
    name: 'instruction override (Russian)',
    re: /(?:игнорируй|игнорируйте|проигнорируй|забудь|забудьте)[^.\n]{0,30}(?:инструкци|указани|правил)/i,
  },
  {
    name: 'instruction to the evaluator (Russian)',
    re: /(?:оценщик|судья|эксперт-оценщик|проверяющий)[^.\n]{0,50}(?:должен|обязан|следует)/i,
  },
];

/** Instructions whose answers may legitimately address judges or evaluators (a speech to a jury, a contest entry). */
export const ADDRESSEE_TASK =
  /\b(?:judges?|jury|panel|evaluators?|graders?|reviewers?|competition|contest|debate|speech|pitch|prompt injection|jailbreak)\b/i;

/** Words that make evaluator-related language expected (the task itself is about judging, rating or prompts). */
export const EVALUATION_TASK =
  /\b(?:judge|judging|evaluat|grader|grading|rubric|rate|rating|score|review|critique|prompt injection|jailbreak|llm|chatbot|system prompt|tokeni[sz]er|chat template)/i;
