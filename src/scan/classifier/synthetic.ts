/**
 * Synthetic hard negatives for training: benign requests that use the words attacks are made of
 * ("translate the previous paragraph", "ignore the first column", "pretend you are a pirate",
 * "how do I protect my parents from scams"). The labelled collection has few of them, so the
 * model learned single trigger words and flagged unseen benign text that used them. Written from
 * the benign_tricky taxonomy (trigger words used innocently, security education, requests that
 * only sound offensive), not copied from any dataset; generated deterministically, so training
 * stays reproducible byte for byte.
 */
import type { LabelledRecord } from './train.js';

/** Source name of the generated records (its own group in source-held-out threshold folds). */
export const SYNTHETIC_SOURCE = 'bulwark/synthetic:hard-negatives';

// Each family: templates with `{slot}` placeholders and the fillers of each slot.
interface Family {
  readonly templates: readonly string[];
  readonly slots: Readonly<Record<string, readonly string[]>>;
}

const FAMILIES: readonly Family[] = [
  {
    // Edits that refer to earlier text, the way overrides do.
    templates: [
      'Translate the {where} {unit} into {lang}.',
      'Please rewrite the {where} {unit} so it sounds {tone}.',
      'Ignore the {where} {unit}, I pasted it by mistake.',
      'Forget the {where} {unit} and start the summary with the dates.',
      'Print the {where} {unit} again, but in bold.',
      'Repeat the {where} {unit} with the typos fixed.',
      'Disregard my {where} {unit}; the meeting is on {day} after all.',
      'Summarize the {where} {unit} in {n} bullet points.',
    ],
    slots: {
      where: ['previous', 'above', 'last', 'first', 'earlier', 'following'],
      unit: ['paragraph', 'sentence', 'email', 'message', 'row', 'table', 'list', 'answer'],
      lang: ['French', 'German', 'Spanish', 'Japanese', 'plain English'],
      tone: ['friendlier', 'more formal', 'shorter', 'less technical'],
      day: ['Monday', 'Thursday', 'Friday'],
      n: ['three', 'five', 'two'],
    },
  },
  {
    // Instructions about data, formats and tools.
    templates: [
      'Ignore the {part} of the spreadsheet when you compute the {stat}.',
      'Skip the {part} and sort the rest by {key}.',
      'Respond only with {fmt}, no explanation needed.',
      'From now on, please {pref}.',
      'Start your answer with {opening}.',
      'Use the new instructions in the {doc} to set up the {thing}.',
      'What are the instructions for {task}?',
      'The system prompt for our support bot should be {style}; can you draft one?',
    ],
    slots: {
      part: ['header row', 'first column', 'empty cells', 'totals row', 'last sheet'],
      stat: ['average', 'median', 'sum', 'growth rate'],
      key: ['date', 'price', 'customer name'],
      fmt: ['yes or no', 'a number', 'valid JSON', 'the corrected sentence'],
      pref: [
        'call me Sam',
        'use metric units',
        'answer in Spanish',
        'keep answers under 100 words',
      ],
      opening: ['a one-line summary', 'the final answer', 'a short greeting'],
      doc: ['README', 'installation guide', 'attached PDF'],
      thing: ['printer', 'router', 'dev environment', 'VPN client'],
      task: [
        'assembling this desk',
        'resetting the router',
        'filing an expense report',
        'returning an item',
      ],
      style: ['friendly and concise', 'formal', 'playful but accurate'],
    },
  },
  {
    // Chat and office mail that use override words in their everyday sense.
    templates: [
      'Forget about {topic} for now, can we go over {topic2} first?',
      'Never mind {topic}; could you help me with {task} instead?',
      'Thanks, your {guidance} made {task} much easier.',
      'Could you forward the {doc} to {team} before {day}?',
      'New task for {team}: {task} by {day}.',
      'Stop, I changed my mind. Let us do {task} instead.',
      'Override the default {setting} in the {file} and restart the app.',
      'Turn on {mode} in {product} to {action}.',
      'As the {role}, I sign off on all {requests} this quarter.',
      'Can you say that again? I missed the part about {topic}.',
    ],
    slots: {
      topic: ['the budget', 'the weather', 'last week', 'the old design', 'the slides'],
      topic2: ['the hiring plan', 'the roadmap', 'the launch date', 'the new logo'],
      task: [
        'the quarterly report',
        'booking the venue',
        'cleaning the dataset',
        'the onboarding checklist',
        'fixing the login page',
      ],
      guidance: ['instructions', 'directions', 'notes', 'tips', 'step-by-step guide'],
      doc: ['invoice', 'meeting notes', 'contract draft', 'email thread', 'agenda'],
      team: ['the marketing team', 'finance', 'our lawyer', 'everyone on the project'],
      day: ['Friday', 'noon', 'the end of the month', 'Monday morning'],
      setting: ['font size', 'timeout', 'log level', 'theme', 'port number'],
      file: ['config file', 'settings panel', 'CSS file', 'YAML file'],
      mode: ['developer mode', 'safe mode', 'airplane mode', 'admin mode', 'dark mode'],
      product: ['Android', 'Chrome', 'Windows', 'the router app', 'your phone settings'],
      action: ['see more logs', 'change animation speed', 'test the layout', 'save battery'],
      role: ['team lead', 'project manager', 'assistant manager', 'department head'],
      requests: ['vacation requests', 'purchase orders', 'expense claims', 'schedule changes'],
    },
  },
  {
    // Code, markup and data snippets as documentation and questions quote them: quotes, brackets
    // and tags that fake delimiters also use.
    templates: [
      "import { {name} } from '{pkg}';",
      "const {var} = {name}('{str}');\nconsole.log({var}); // => '{str}'",
      "{var}.on('{event}', (req, res) => {\n  res.end('{str}');\n});",
      '<p align="center">\n  <img src="{file}.svg" width="{n}px" alt="{name} logo" />\n  <h1 align="center">{name}</h1>\n</p>',
      '```{lang}\n{var} = {name}("{str}")\nprint({var})\n```',
      '{"{key}": "{str}", "{key2}": {n}}',
      'SELECT {key}, {key2} FROM {table} WHERE {key2} > {n} ORDER BY {key};',
      '- {hash}: {change} in `{name}` ({issue})',
      "Why does `{name}('{str}')` return undefined instead of `{n}`?",
      '<!-- {comment} -->\n<div class="{key}">{str}</div>',
    ],
    slots: {
      name: ['parse', 'format', 'createClient', 'render', 'compile', 'stringify', 'Router'],
      pkg: ['./utils', 'node:path', '@acme/sdk', 'lodash', 'react'],
      var: ['result', 'client', 'app', 'router', 'value', 'out'],
      str: ['hello world', '/a/b', 'a[b]=c', '{"ok":true}', 'Hello World!', 'en-US'],
      event: ['GET', 'request', 'close', 'message'],
      file: ['logo', 'banner', 'icon'],
      n: ['200', '42', '3', '10'],
      lang: ['python', 'js', 'ts', 'bash'],
      key: ['name', 'id', 'email', 'status', 'title'],
      key2: ['age', 'count', 'price', 'score'],
      table: ['users', 'orders', 'products'],
      hash: ['3f0e9a1', 'b72c4d0', '0d5e8f3', 'a1c09e2'],
      change: [
        'add a system prompt option',
        'move the instructions into the config',
        'log every tool call',
        'update the chat template',
      ],
      issue: ['#2007', '#617', '#88'],
      comment: ['ignore me', 'TODO: remove', 'system styles', 'generated file, do not edit'],
    },
  },
  {
    // Everyday requests in the languages the attack data holds (banking, support, editing):
    // every non-English text of the labelled collection is an attack, so without these the model
    // learns the language instead of the request.
    templates: [
      '¿Cómo puedo cambiar la contraseña de mi banca en línea?',
      'Olvidé mi PIN, ¿qué debo hacer?',
      '¿Cuál es el horario de atención de la sucursal del centro?',
      'Por favor, resume las instrucciones del manual en tres pasos.',
      'Ignora el primer párrafo, lo pegué por error.',
      '¿Puedes traducir este correo al inglés?',
      'A partir de mañana trabajaré desde casa.',
      'Mi tarjeta no funciona en el cajero, ¿por qué?',
      'Como faço para redefinir a senha do aplicativo do banco?',
      'Qual é o prazo para a transferência cair na conta?',
      'Esqueci o meu PIN, o que devo fazer?',
      'Pode resumir as instruções de instalação?',
      'Ignore a primeira linha da tabela ao calcular a média.',
      'Por favor, responda em português a partir de agora.',
      'Meu cartão foi recusado na loja, por quê?',
      'Quais documentos preciso para abrir uma conta?',
      'Come posso cambiare la password della mia area clienti?',
      'Ho dimenticato il PIN del bancomat, cosa devo fare?',
      "Qual è l'orario di apertura della filiale?",
      'Puoi riassumere le istruzioni del manuale?',
      'Ignora la prima riga del foglio di calcolo.',
      "D'ora in poi rispondimi in italiano, per favore.",
      'Perché il mio bonifico non è ancora arrivato?',
      'Quali sono le regole per il reso di un prodotto?',
      'Comment changer le mot de passe de mon espace client ?',
      "J'ai oublié mon code PIN, que dois-je faire ?",
      "Quels sont les horaires d'ouverture de l'agence ?",
      "Peux-tu résumer les instructions d'installation ?",
      'Ignore la première colonne du tableau pour le calcul.',
      "Oublie ma question précédente, j'ai trouvé la réponse.",
      "Pourquoi mon virement n'est-il pas encore arrivé ?",
      'Quelles sont les règles du jeu de société ?',
      'Wie ändere ich das Passwort für mein Onlinebanking?',
      'Ich habe meine PIN vergessen, was soll ich tun?',
      'Wann hat die Filiale am Samstag geöffnet?',
      'Kannst du die Anleitung kurz zusammenfassen?',
      'Ignoriere die erste Zeile der Tabelle bei der Berechnung.',
      'Ab jetzt bitte auf Deutsch antworten.',
      'Warum ist meine Überweisung noch nicht angekommen?',
      'Welche Regeln gelten für die Rückgabe?',
      'Как поменять пароль в мобильном приложении банка?',
      'Я забыл ПИН-код карты, что делать?',
      'Какие часы работы у отделения в субботу?',
      'Кратко перескажи инструкцию по установке.',
      'Не обращай внимания на первую строку таблицы.',
      'С этого момента отвечай, пожалуйста, по-русски.',
      'Почему мой перевод ещё не пришёл?',
      'Какие правила возврата товара?',
      'Mobil bankacılık şifremi nasıl değiştirebilirim?',
      'Kartımın şifresini unuttum, ne yapmalıyım?',
      'Şubenin çalışma saatleri nedir?',
      'Kurulum talimatlarını özetler misin?',
      'Tablonun ilk satırını hesaba katma.',
      'Bundan sonra lütfen Türkçe cevap ver.',
      'Havalem neden hâlâ hesaba geçmedi?',
      'İade kuralları nelerdir?',
      'Làm sao để đổi mật khẩu ứng dụng ngân hàng?',
      'Tôi quên mã PIN thẻ, tôi phải làm gì?',
      'Chi nhánh mở cửa lúc mấy giờ?',
      'Bạn có thể tóm tắt hướng dẫn cài đặt không?',
      'Bỏ qua dòng đầu tiên của bảng khi tính trung bình.',
      'Từ bây giờ hãy trả lời bằng tiếng Việt nhé.',
      'Tại sao khoản chuyển tiền của tôi chưa đến?',
      'Quy định đổi trả hàng là gì?',
      '은행 앱 비밀번호는 어떻게 바꾸나요?',
      '카드 PIN 번호를 잊어버렸는데 어떻게 해야 하나요?',
      '지점 영업시간이 어떻게 되나요?',
      '설치 안내를 간단히 요약해 줄래요?',
      '평균을 계산할 때 표의 첫 줄은 무시해 주세요.',
      '지금부터 한국어로 대답해 주세요.',
      '송금이 왜 아직 도착하지 않았나요?',
      '반품 규정이 어떻게 되나요?',
      '銀行アプリのパスワードを変更するにはどうすればいいですか？',
      'カードの暗証番号を忘れてしまいました。',
      '支店の営業時間を教えてください。',
      'インストール手順を簡単にまとめてください。',
      '平均を計算するときは表の最初の行を無視してください。',
      'これからは日本語で答えてください。',
      '振込がまだ届かないのはなぜですか？',
      '返品のルールを教えてください。',
      '怎么修改手机银行的登录密码？',
      '我忘了银行卡密码，该怎么办？',
      '支行的营业时间是几点到几点？',
      '请把安装说明简单总结一下。',
      '计算平均值时请忽略表格的第一行。',
      '从现在开始请用中文回答。',
      '我的转账为什么还没有到账？',
      '退货的规定是什么？',
      'मैं अपने बैंक ऐप का पासवर्ड कैसे बदलूं?',
      'मैं अपना एटीएम पिन भूल गया हूं, क्या करूं?',
      'शाखा का समय क्या है?',
      'कृपया इंस्टॉलेशन के निर्देशों का सारांश दें।',
      'औसत निकालते समय तालिका की पहली पंक्ति को नज़रअंदाज़ करें।',
      'अब से कृपया हिंदी में जवाब दें।',
      'मेरा ट्रांसफर अभी तक क्यों नहीं पहुंचा?',
      'सामान वापसी के नियम क्या हैं?',
      'আমার ব্যাংক অ্যাপের পাসওয়ার্ড কীভাবে বদলাব?',
      'আমি এটিএম পিন ভুলে গেছি, কী করব?',
      'শাখা কখন খোলা থাকে?',
      'ইনস্টলেশনের নির্দেশনাগুলো সংক্ষেপে বলো।',
      'গড় হিসাব করার সময় টেবিলের প্রথম সারি বাদ দাও।',
      'এখন থেকে বাংলায় উত্তর দাও।',
      'আমার টাকা পাঠানো এখনও পৌঁছায়নি কেন?',
      'পণ্য ফেরতের নিয়ম কী?',
      'كيف أغير كلمة مرور تطبيق البنك؟',
      'نسيت الرقم السري لبطاقتي، ماذا أفعل؟',
      'ما هي مواعيد عمل الفرع؟',
      'هل يمكنك تلخيص تعليمات التثبيت؟',
      'تجاهل الصف الأول من الجدول عند حساب المتوسط.',
      'من الآن فصاعدًا أجب باللغة العربية من فضلك.',
      'لماذا لم تصل حوالتي بعد؟',
      'ما هي قواعد إرجاع المنتجات؟',
      'จะเปลี่ยนรหัสผ่านแอปธนาคารได้อย่างไร',
      'ฉันลืมรหัส PIN บัตร ต้องทำอย่างไร',
      'สาขาเปิดกี่โมง',
      'ช่วยสรุปวิธีติดตั้งให้หน่อย',
      'ไม่ต้องนับแถวแรกของตารางตอนคำนวณค่าเฉลี่ย',
      'ต่อจากนี้ช่วยตอบเป็นภาษาไทยนะ',
      'ทำไมเงินที่โอนยังไม่เข้า',
      'เงื่อนไขการคืนสินค้ามีอะไรบ้าง',
      'Bagaimana cara mengganti kata sandi aplikasi bank?',
      'Saya lupa PIN kartu, apa yang harus saya lakukan?',
      'Jam berapa kantor cabang buka?',
      'Tolong ringkas petunjuk instalasinya.',
      'Abaikan baris pertama tabel saat menghitung rata-rata.',
      'Mulai sekarang jawab dalam bahasa Indonesia ya.',
      'Kenapa transfer saya belum masuk?',
      'Apa aturan pengembalian barang?',
      'Hoe wijzig ik het wachtwoord van mijn bankapp?',
      'Ik ben mijn pincode vergeten, wat moet ik doen?',
      'Negeer de eerste rij van de tabel bij het berekenen.',
      'Kun je de installatie-instructies samenvatten?',
      'Jak zmienić hasło do aplikacji bankowej?',
      'Zapomniałem kodu PIN, co mam zrobić?',
      'Pomiń pierwszy wiersz tabeli przy liczeniu średniej.',
      'Czy możesz streścić instrukcję instalacji?',
    ],
    slots: {},
  },
  {
    // The same everyday requests as templates in the scripts the attack data holds most of (each
    // character of an unspaced script is a feature, so a few sentences are not enough).
    templates: [
      '{ja_x}を忘れました。',
      '{ja_x}を変更したいのですが、どうすればいいですか？',
      '{ja_x}の再設定方法を教えてください。',
      '{ja_place}は何時まで開いていますか？',
      '{ja_item}を返品したいです。',
      'この{ja_doc}を英語に翻訳してください。',
      '我忘记了{zh_x}，怎么办？',
      '怎么修改{zh_x}？',
      '请告诉我{zh_place}的营业时间。',
      '我想退货，{zh_item}有质量问题。',
      '请把这段{zh_doc}翻译成英文。',
      '请告诉我如何重置{zh_x}。',
      '{ko_x}를 잊어버렸어요.',
      '{ko_x} 변경 방법을 알려 주세요.',
      '{ko_place} 영업시간을 알려 주세요.',
      '{ko_item}을 반품하고 싶어요.',
      '이 {ko_doc}을 영어로 번역해 주세요.',
      'ฉันลืม{th_x}',
      'จะเปลี่ยน{th_x}ได้อย่างไร',
      'ช่วยบอกเวลาเปิดปิดของ{th_place}หน่อย',
      'อยากคืน{th_item}ต้องทำอย่างไร',
      'ช่วยแปล{th_doc}นี้เป็นภาษาอังกฤษ',
      'मैं अपना {hi_x} भूल गया हूं।',
      '{hi_x} कैसे बदलें?',
      'कृपया {hi_place} का समय बताएं।',
      'मुझे {hi_item} वापस करना है।',
      'कृपया इस {hi_doc} का अंग्रेज़ी में अनुवाद करें।',
      'আমি আমার {bn_x} ভুলে গেছি।',
      '{bn_x} কীভাবে পরিবর্তন করব?',
      'অনুগ্রহ করে {bn_place} কখন খোলে বলুন।',
      'আমি {bn_item} ফেরত দিতে চাই।',
      'এই {bn_doc} ইংরেজিতে অনুবাদ করে দিন।',
      'نسيت {ar_x}.',
      'كيف أغير {ar_x}؟',
      'متى يفتح {ar_place}؟',
      'أريد إرجاع {ar_item}.',
      'من فضلك ترجم هذه {ar_doc} إلى الإنجليزية.',
      'Я забыл {ru_x}.',
      'Как поменять {ru_x}?',
      'Подскажите, когда работает {ru_place}?',
      'Хочу вернуть {ru_item}.',
      'Переведи, пожалуйста, это {ru_doc} на английский.',
    ],
    slots: {
      ja_x: ['パスワード', '暗証番号', 'ユーザー名', 'メールアドレス', 'ログインID'],
      ja_place: ['支店', '窓口', 'お店', '図書館'],
      ja_item: ['商品', '靴', '本', 'カメラ'],
      ja_doc: ['メール', '文章', '説明書', '記事'],
      zh_x: ['密码', '登录密码', '支付密码', '用户名', '邮箱地址'],
      zh_place: ['银行', '支行', '商店', '图书馆'],
      zh_item: ['鞋子', '手机', '衣服', '书'],
      zh_doc: ['邮件', '文章', '说明', '通知'],
      ko_x: ['비밀번호', '아이디', '이메일 주소', 'PIN 번호'],
      ko_place: ['은행', '지점', '가게', '도서관'],
      ko_item: ['신발', '휴대폰', '옷', '책'],
      ko_doc: ['이메일', '문장', '기사', '설명서'],
      th_x: ['รหัสผ่าน', 'ชื่อผู้ใช้', 'อีเมล', 'รหัส PIN'],
      th_place: ['ธนาคาร', 'สาขา', 'ร้าน', 'ห้องสมุด'],
      th_item: ['รองเท้า', 'โทรศัพท์', 'เสื้อ', 'หนังสือ'],
      th_doc: ['อีเมล', 'บทความ', 'ข้อความ', 'คู่มือ'],
      hi_x: ['पासवर्ड', 'पिन', 'यूज़रनेम', 'ईमेल पता'],
      hi_place: ['बैंक', 'शाखा', 'दुकान', 'पुस्तकालय'],
      hi_item: ['जूता', 'फ़ोन', 'कपड़ा', 'किताब'],
      hi_doc: ['ईमेल', 'लेख', 'संदेश', 'पत्र'],
      bn_x: ['পাসওয়ার্ড', 'পিন', 'ইউজারনেম', 'ইমেইল ঠিকানা'],
      bn_place: ['ব্যাংক', 'শাখা', 'দোকান', 'লাইব্রেরি'],
      bn_item: ['জুতা', 'ফোন', 'জামা', 'বই'],
      bn_doc: ['ইমেইল', 'লেখা', 'বার্তা', 'চিঠি'],
      ar_x: ['كلمة المرور', 'الرقم السري', 'اسم المستخدم', 'البريد الإلكتروني'],
      ar_place: ['البنك', 'الفرع', 'المتجر', 'المكتبة'],
      ar_item: ['الحذاء', 'الهاتف', 'القميص', 'الكتاب'],
      ar_doc: ['الرسالة', 'المقالة', 'الفقرة', 'الوثيقة'],
      ru_x: ['пароль', 'ПИН-код', 'логин', 'адрес почты'],
      ru_place: ['банк', 'отделение', 'магазин', 'библиотека'],
      ru_item: ['обувь', 'телефон', 'куртку', 'книгу'],
      ru_doc: ['письмо', 'сообщение', 'объявление', 'предложение'],
    },
  },
  {
    // How-to and shopping questions in Latin-script languages: the phrases attacks in those
    // languages open with ("cara membuat", "como fazer", "wie mache ich") asked about food and chores.
    templates: [
      'Bagaimana cara membuat {id_food}?',
      'Tolong jelaskan cara {id_task}.',
      'Di mana saya bisa membeli {id_item} yang murah?',
      'Làm thế nào để nấu {vi_food}?',
      'Hướng dẫn tôi cách {vi_task}.',
      'Mua {vi_item} ở đâu rẻ?',
      '{tr_food} nasıl yapılır?',
      'Bana {tr_task} anlatır mısın?',
      '{tr_item} nereden ucuza alınır?',
      '¿Cómo puedo hacer {es_food} en casa?',
      'Explícame cómo {es_task}.',
      '¿Dónde puedo comprar {es_item} barato?',
      'Como faço para preparar {pt_food}?',
      'Me explique como {pt_task}.',
      'Onde posso comprar {pt_item} barato?',
      'Come si prepara {it_food}?',
      'Spiegami come {it_task}.',
      'Dove posso comprare {it_item} a poco prezzo?',
      'Comment préparer {fr_food} ?',
      'Explique-moi comment {fr_task}.',
      'Où acheter {fr_item} pas cher ?',
      'Wie mache ich {de_food}?',
      'Erklär mir bitte, wie man {de_task}.',
      'Wo kann ich günstig {de_item} kaufen?',
    ],
    slots: {
      id_food: ['kue bolu', 'nasi goreng', 'rendang', 'es teh manis'],
      id_task: [
        'mengganti ban sepeda',
        'menulis surat lamaran',
        'mengurus paspor',
        'menanam cabai',
      ],
      id_item: ['sepatu lari', 'laptop bekas', 'tiket kereta', 'buku pelajaran'],
      vi_food: ['phở bò', 'bánh mì', 'cơm chiên', 'chè đậu xanh'],
      vi_task: ['thay lốp xe đạp', 'viết thư xin việc', 'làm hộ chiếu', 'trồng rau'],
      vi_item: ['giày chạy bộ', 'máy tính cũ', 'vé tàu', 'sách giáo khoa'],
      tr_food: ['Mercimek çorbası', 'Menemen', 'Baklava', 'Ayran'],
      tr_task: [
        'bisiklet lastiği değiştirmeyi',
        'iş başvuru mektubu yazmayı',
        'pasaport çıkarmayı',
        'domates yetiştirmeyi',
      ],
      tr_item: ['Koşu ayakkabısı', 'İkinci el laptop', 'Tren bileti', 'Ders kitabı'],
      es_food: ['pan casero', 'una tortilla de patatas', 'gazpacho', 'churros'],
      es_task: [
        'cambiar una rueda de bicicleta',
        'escribir una carta de presentación',
        'renovar el pasaporte',
        'plantar tomates',
      ],
      es_item: ['zapatillas de correr', 'un portátil usado', 'billetes de tren', 'libros de texto'],
      pt_food: ['pão de queijo', 'feijoada', 'um bolo de cenoura', 'brigadeiro'],
      pt_task: [
        'trocar o pneu da bicicleta',
        'escrever uma carta de apresentação',
        'renovar o passaporte',
        'plantar tomates',
      ],
      pt_item: ['tênis de corrida', 'um notebook usado', 'passagens de trem', 'livros didáticos'],
      it_food: ['la pasta alla carbonara', 'il tiramisù', 'la pizza in casa', 'il risotto'],
      it_task: [
        'cambiare la gomma della bici',
        'scrivere una lettera di presentazione',
        'rinnovare il passaporto',
        'piantare i pomodori',
      ],
      it_item: ['scarpe da corsa', 'un portatile usato', 'biglietti del treno', 'libri di scuola'],
      fr_food: [
        'une quiche lorraine',
        'des crêpes',
        'un gratin dauphinois',
        'une mousse au chocolat',
      ],
      fr_task: [
        'changer un pneu de vélo',
        'écrire une lettre de motivation',
        'renouveler mon passeport',
        'planter des tomates',
      ],
      fr_item: [
        'des chaussures de course',
        'un ordinateur portable d’occasion',
        'des billets de train',
        'des manuels scolaires',
      ],
      de_food: ['einen Apfelkuchen', 'Kartoffelsalat', 'Spätzle', 'Pfannkuchen'],
      de_task: [
        'einen Fahrradreifen wechselt',
        'ein Bewerbungsschreiben schreibt',
        'den Reisepass verlängert',
        'Tomaten pflanzt',
      ],
      de_item: ['Laufschuhe', 'einen gebrauchten Laptop', 'Zugtickets', 'Schulbücher'],
    },
  },
  {
    // Role play and personas that are not jailbreaks.
    templates: [
      'Pretend you are a {role} and {ask}.',
      'Act as a {role} and {ask}.',
      'You are now a {role}. Please {ask}.',
      'Imagine you are a {role}; {ask}.',
    ],
    slots: {
      role: [
        'pirate',
        'tour guide in Rome',
        'patient math tutor',
        'medieval knight',
        'job interviewer',
        'friendly librarian',
      ],
      ask: [
        'tell me about the weather',
        'explain photosynthesis',
        'quiz me on fractions',
        'describe your favourite book',
        'help me practise my French',
      ],
    },
  },
  {
    // Passwords, secrets and accounts in ordinary support questions.
    templates: [
      'How do I {verb} my {secret}?',
      'What are the requirements for a new {secret}?',
      'I forgot my {secret}, what should I do?',
      'Tell me the {info} for the {place}.',
      'Why was my {secret} rejected when I tried to {verb} it?',
    ],
    slots: {
      verb: ['reset', 'change', 'update', 'recover'],
      secret: ['password', 'PIN', 'passcode', 'security question', 'online banking password'],
      info: ['opening hours', 'password rules', 'refund policy', 'wifi name'],
      place: ['guest network', 'branch office', 'member portal', 'library'],
    },
  },
  {
    // Security education and defence.
    templates: [
      'What is {attack} and how can {who} {defend} it?',
      'Explain how {attack} works so that {who} can {defend} it.',
      'How can I protect {whom} from {threat}?',
      'Write a training slide about {attack} for {who}.',
      'What are the warning signs of {threat}?',
      'How do {defenders} detect {threat}?',
    ],
    slots: {
      attack: [
        'a phishing attack',
        'ransomware',
        'SQL injection',
        'prompt injection',
        'a jailbreak prompt',
        'credential stuffing',
        'social engineering',
      ],
      who: ['employees', 'our developers', 'new hires', 'students'],
      defend: ['recognise', 'prevent', 'defend against', 'report'],
      whom: ['my grandmother', 'my kids', 'my small business', 'elderly customers'],
      threat: [
        'phone scams',
        'identity theft',
        'online grooming',
        'money laundering',
        'account takeover',
        'fake investment schemes',
      ],
      defenders: ['banks', 'schools', 'email providers', 'security teams'],
    },
  },
  {
    // Violent or criminal words in harmless senses, fiction and history.
    templates: [
      'What is the best way to {benign}?',
      'How do I {benign} quickly?',
      'Write a {form} about a {character} who {plot}.',
      'What caused the {event}?',
      'Explain the plot of {work} in a few sentences.',
    ],
    slots: {
      benign: [
        'shoot portraits in low light',
        'kill time on a long flight',
        'attack this math problem',
        'crack a coconut',
        'beat the traffic to the airport',
        'kill a zombie process on Linux',
        'get rid of weeds without poison',
        'blow up a photo for a poster',
      ],
      form: ['short story', 'poem', 'villain monologue', 'mystery scene'],
      character: ['detective', 'retired thief', 'smuggler turned sailor', 'rogue AI'],
      plot: [
        'solves one last case',
        'learns to trust people again',
        'returns a stolen painting',
        'protects a small town',
      ],
      event: ['fall of Rome', 'Cuban missile crisis', 'Great Fire of London', '2008 crash'],
      work: ['Breaking Bad', 'Macbeth', 'The Godfather', 'Ocean’s Eleven'],
    },
  },
];

function* expand(template: string, slots: Family['slots']): Generator<string> {
  const m = /\{(\w+)\}/.exec(template);
  if (m === null) {
    yield template;
    return;
  }
  for (const filler of slots[m[1]!] ?? []) {
    yield* expand(template.replace(m[0], filler), slots);
  }
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The synthetic hard negatives: every expansion of every template, thinned deterministically to
 * at most `perTemplate` per template (smallest hash first) so no template dominates.
 */
export function syntheticNegatives(perTemplate = 12): LabelledRecord[] {
  const out: LabelledRecord[] = [];
  for (const family of FAMILIES) {
    for (const template of family.templates) {
      const texts = [...expand(template, family.slots)]
        .map((text) => ({ text, h: fnv(text) }))
        .sort((a, b) => a.h - b.h || (a.text < b.text ? -1 : 1))
        .slice(0, perTemplate);
      for (const { text, h } of texts) {
        out.push({
          id: `syn-benign_tricky-${h.toString(16).padStart(8, '0')}`,
          text,
          label: 'benign',
          category: 'benign_tricky',
          source: SYNTHETIC_SOURCE,
        });
      }
    }
  }
  return out;
}
