/**
 * Where the model has no benign evidence. Every non-English record of the labelled collection is
 * an attack, so the model scores ordinary text in other languages high by its language alone
 * (81 % of Japanese technical paragraphs, a third of Spanish and Portuguese news paragraphs, in
 * checks on documentation and hand-written prose). In a language other than English its
 * prompt-injection and jailbreak scores count as detections only when the text also names what
 * such attacks are about (instructions, rules, prompts, passwords and secrets, roles,
 * restrictions, developer mode, bots), in that language or in English; otherwise the score is
 * reported below the blocking threshold. The per-language cue rules detect on their own.
 */

/** Common English function words. */
const ENGLISH_WORDS = new Set(
  (
    'the a an and or of to in on at for with is are was were be been it this that these those ' +
    'you your i we they he she my our their not no do does did can could would should will what ' +
    'which who how why when where if then than as by from about into over after before there here ' +
    'have has had just also only more most some any all each other me us them its'
  ).split(' '),
);

/** Function words of other Latin-script languages the labelled attacks are written in. */
const OTHER_WORDS = new Set(
  // es, pt, it, fr
  (
    'el la los las del que y en por para con una es un lo se su al como más pero sus le ya o ' +
    'os as do da dos das em um uma não no na com são é ao seu sua mais ' +
    'il di che è per non della dei degli delle gli sono ' +
    'les des et est une du dans pour pas qui sur au avec ce cette sont ' +
    // de, nl
    'der die das und ist nicht ein eine mit zu den von dem im auf sich auch wie für ' +
    'het een van dat niet op voor zijn ik je ' +
    // tr, id, pl
    've bir bu için ile çok daha olan gibi ' +
    'yang dan di ke dari ini itu untuk dengan tidak adalah akan ' +
    'w na z nie się jest że jak'
  ).split(' '),
);

const LATIN_WORD = /[\p{Script=Latin}']+/gu;
const LETTER = /\p{L}/gu;
const LATIN_LETTER = /\p{Script=Latin}/gu;

/** How much text the language test reads: the head of long texts is enough. */
const SAMPLE = 1024;

/**
 * Whether `text` is written in a language other than English: mostly letters of another script,
 * or Latin-script words of which at least 12 % are another language's function words and fewer
 * are English ones. Obfuscated English (leetspeak, ROT13, accents sprinkled over the letters)
 * has neither and stays English: the model has seen it in attacks *and* the cues decode it.
 */
export function readsAsOtherLanguage(text: string): boolean {
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  const letters = sample.match(LETTER)?.length ?? 0;
  if (letters === 0) return false;
  const latin = sample.match(LATIN_LETTER)?.length ?? 0;
  if (latin * 2 < letters) return true;
  const words = sample.toLowerCase().match(LATIN_WORD) ?? [];
  if (words.length < 3) return false;
  let english = 0;
  let other = 0;
  for (const w of words) {
    if (ENGLISH_WORDS.has(w)) english++;
    else if (OTHER_WORDS.has(w)) other++;
  }
  return other * 100 >= words.length * 12 && other > english;
}

// Words of what injections and jailbreaks are about, per language (stems; scripts without spaces
// matched as substrings). Generic words of ordinary prose ("system", "settings", "previous" in
// Latin-script languages) are left out: they would let the language bias through again.
const INSTRUCTION_CUES = [
  // English inside other-language text
  'prompt',
  'instruction',
  'jailbreak',
  'developer mode',
  '\\bdan\\b',
  '\\bai\\b',
  'chatgpt',
  '\\bgpt',
  // "password" outside Chinese, Japanese and Korean (there the model's language bias is strongest,
  // and the cues for asking the password and for password games carry detection)
  'password',
  'contrase[ñn]a',
  'senha',
  'mot de passe',
  'passwort',
  'kennwort',
  'şifre',
  'parola',
  'mật khẩu',
  'kata sandi',
  'wachtwoord',
  'hasło',
  'пароль',
  'पासवर्ड',
  'পাসওয়ার্ড',
  'كلمة المرور',
  'كلمة السر',
  'รหัสผ่าน',
  'κωδικ',
  'סיסמ',
  // es, pt, it, fr, de
  'instrucci',
  'ignor',
  'olvid',
  '\\bclave\\b',
  'secret',
  'regla',
  'restricci',
  'desarrollador',
  'instru[cç][õo]es',
  'esque[cç]a',
  'segredo',
  'regras',
  'restri[cç]',
  'desenvolvedor',
  'istruzion',
  'dimentic',
  'segreto',
  'regole',
  'restrizion',
  'sviluppatore',
  'oublie',
  'r[èe]gles',
  'd[ée]veloppeur',
  'anweisung',
  'vergiss',
  'geheim',
  'regeln',
  'einschr[äa]nk',
  'entwickler',
  // tr, vi, id, nl, pl
  'talimat',
  'yok say',
  'görmezden',
  'unut',
  'gizli',
  'kural',
  'kısıtlama',
  'geliştirici',
  'hướng dẫn',
  'bỏ qua',
  'quên',
  'bí mật',
  'quy tắc',
  'hạn chế',
  'nhà phát triển',
  'instruksi',
  'abaikan',
  'lupakan',
  'rahasia',
  'aturan',
  'batasan',
  'pengembang',
  'instructies',
  'negeer',
  'vergeet',
  'instrukcj',
  'zignoruj',
  'zapomnij',

  // "the user's …": the data an injection is after, asked of the assistant
  'del usuario',
  'do usu[áa]rio',
  'da usu[áa]ria',
  "de l['’]utilisateur",
  "dell['’]utente",
  'des benutzers',
  'benutzer',
  'kullanıcının',
  'người dùng',
  'pengguna',
  'gumagamit',
  'ユーザーの',
  '用户的',
  '사용자의',
  'пользовател',
  'उपयोगकर्ता',
  'ব্যবহারকারী',
  'المستخدم',
  'ผู้ใช้',
  // ja, zh, ko
  '指示',
  '無視',
  '忘れ',
  '秘密',
  'プロンプト',
  '制限',
  '開発者モード',
  '管理者',
  'あなたは今',
  '役割',
  '機密',
  '以前の',
  '指令',
  '忽略',
  '无视',
  '忘记',
  '忘掉',
  '提示词',
  '限制',
  '开发者模式',
  '管理员',
  '角色',
  '机密',
  '密钥',
  '泄露',
  '透露',
  '规则',
  '之前的',
  '지시',
  '명령',
  '무시',
  '잊어',
  '비밀',
  '프롬프트',
  '규칙',
  '제한',
  '개발자 모드',
  '관리자',
  '역할',
  '기밀',
  '이전',
  // ru, uk
  'инструкц',
  'указани',
  'игнор',
  'забуд',
  'забыть',
  'секрет',
  'промпт',
  'правил',
  'огранич',
  'разработчик',
  'администратор',
  'роль',
  'ключ',
  'конфиденц',
  'предыдущ',
  'інструкц',
  'ігнор',
  // hi, bn
  'निर्देश',
  'आदेश',
  'अनदेखा',
  'नज़रअंदाज़',
  'नजरअंदाज',
  'भूल जा',
  'गुप्त',
  'रहस्य',
  'प्रॉम्प्ट',
  'नियम',
  'प्रतिबंध',
  'डेवलपर',
  'भूमिका',
  'कुंजी',
  'गोपनीय',
  'पिछल',
  'बॉट',
  'নির্দেশ',
  'আদেশ',
  'উপেক্ষা',
  'ভুলে যা',
  'গোপন',
  'প্রম্পট',
  'নিয়ম',
  'সীমাবদ্ধ',
  'ডেভেলপার',
  'ভূমিকা',
  'চাবি',
  'আগের',
  // ar, th, el, he
  'تعليمات',
  'أوامر',
  'تجاهل',
  'سري',
  'موجه',
  'قواعد',
  'قيود',
  'المطور',
  'دور',
  'مفتاح',
  'السابقة',
  'คำสั่ง',
  'คำแนะนำ',
  'เพิกเฉย',
  'ละเว้น',
  'ลืม',
  'ความลับ',
  'พรอมต์',
  'กฎ',
  'ข้อจำกัด',
  'นักพัฒนา',
  'บทบาท',
  'กุญแจ',
  'ก่อนหน้า',
  'οδηγ',
  'εντολ',
  'αγνο',
  'αγνό',
  'ξέχα',
  'μυστικ',
  'κανόν',
  'προηγο',
  'הוראות',
  'התעלם',
  'סוד',
];
const INSTRUCTION_CUE = new RegExp(INSTRUCTION_CUES.join('|'), 'i');

/** Whether `text` names what injections and jailbreaks are about, in any covered language. */
export function hasInstructionCue(text: string): boolean {
  return INSTRUCTION_CUE.test(text.length > 4 * SAMPLE ? text.slice(0, 4 * SAMPLE) : text);
}
