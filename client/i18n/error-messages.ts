/**
 * What each refusal of the API (shared/api/error-codes.ts) says to a person, in Russian and
 * English. The compiler holds this map to the list of codes, so no code reaches a screen as
 * raw server text. `network` and `unknown` are the client's own: no answer, or one it cannot read.
 */
import type { ErrorCode } from '../../shared/api/error-codes.ts';

export type ClientErrorCode = ErrorCode | 'network' | 'unknown';

export const ERROR_MESSAGES: Record<ClientErrorCode, { ru: string; en: string }> = {
  invalid: { ru: 'Проверьте поле', en: 'Check the field' },
  'bad-json': { ru: 'Сервер не понял запрос — обновите страницу', en: 'The server could not read the request — reload the page' },
  'unsupported-media-type': { ru: 'Сервер не понял запрос — обновите страницу', en: 'The server could not read the request — reload the page' },
  'wrong-password': { ru: 'Текущий пароль неверен', en: 'The current password is wrong' },
  'login-required': { ru: 'Войдите снова', en: 'Please log in again' },
  'bad-credentials': { ru: 'Неверная почта или пароль', en: 'Wrong e-mail or password' },
  'no-token': { ru: 'Планшет не подключён — подключите заново', en: 'Tablet not connected — connect it again' },
  'bad-token': { ru: 'Планшет не подключён — подключите заново', en: 'Tablet not connected — connect it again' },
  'token-revoked': { ru: 'Планшет отключён владельцем — подключите заново', en: 'The owner disconnected this tablet — connect it again' },
  csrf: { ru: 'Сессия устарела — обновите страницу', en: 'The session is stale — reload the page' },
  'owner-only': { ru: 'Это доступно только владельцу', en: 'Only the owner can do this' },
  forbidden: { ru: 'Нет доступа', en: 'Not allowed' },
  'not-found': { ru: 'Не найдено', en: 'Not found' },
  'unknown-device': { ru: 'Такого планшета нет', en: 'No such tablet' },
  'unknown-segment': { ru: 'Такого сегмента нет', en: 'No such segment' },
  'code-unknown': { ru: 'Нет такого кода', en: 'No such code' },
  'owner-exists': { ru: 'Владелец уже создан — войдите.', en: 'The owner exists already — log in.' },
  'setup-link-invalid': {
    ru: 'Ссылка устарела или уже использована. Перезапустите сервер, чтобы получить новую.',
    en: 'The link expired or was used. Restart the server for a new one.',
  },
  'code-expired': { ru: 'Код устарел или уже использован — попросите новый', en: 'The code expired or was used — ask for a new one' },
  'code-used': { ru: 'Код устарел или уже использован — попросите новый', en: 'The code expired or was used — ask for a new one' },
  'too-large': { ru: 'Слишком большой запрос', en: 'The request is too large' },
  'unknown-guest': { ru: 'Сервер не знает этого гостя', en: 'The server does not know this guest' },
  'unknown-purchase': { ru: 'Сервер не знает этой покупки', en: 'The server does not know this purchase' },
  'client-outdated': { ru: 'Обновите приложение', en: 'Update the app' },
  'protocol-unsupported': { ru: 'Обновите приложение: перезагрузите страницу', en: 'Update the app: reload the page' },
  'void-window-closed': {
    ru: 'Эту покупку уже нельзя аннулировать: срок, заданный владельцем, прошёл',
    en: 'This purchase can no longer be voided: the window the owner set has passed',
  },
  'id-conflict': { ru: 'Запись с этим номером уже была другой — не принята', en: 'A record with this id was different before — not accepted' },
  'too-many-attempts': { ru: 'Слишком много попыток. Подождите 15 минут.', en: 'Too many attempts. Wait 15 minutes.' },
  'template-invalid': { ru: 'Проверьте текст: пустой или с неизвестной подстановкой', en: 'Check the text: empty or with an unknown placeholder' },
  'points-unavailable': { ru: 'Бонусные баллы пока недоступны', en: 'Bonus points are not available yet' },
  'channel-not-configured': { ru: 'Этот канал не настроен', en: 'This channel is not set up' },
  'send-at-past': { ru: 'Время отправки уже прошло', en: 'The sending time is in the past' },
  'unknown-mailing': { ru: 'Такой рассылки нет', en: 'No such mailing' },
  'unsubscribe-link-invalid': { ru: 'Ссылка для отписки недействительна', en: 'The unsubscribe link is not valid' },
  'guest-erased': { ru: 'Гость удалён по его просьбе — его данных больше нет', en: 'The guest was deleted at their request — their data is gone' },
  'reset-link-invalid': {
    ru: 'Ссылка для сброса пароля устарела или уже использована. Получите новую: npm run cli -- owner reset-password',
    en: 'The password reset link expired or was used. Get a new one: npm run cli -- owner reset-password',
  },
  internal: { ru: 'Что-то пошло не так на сервере', en: 'Something went wrong on the server' },
  'discount-over-amount': { ru: 'Скидка больше суммы чека', en: 'The discount is more than the check' },
  'points-over-amount': { ru: 'Баллов больше, чем сумма к оплате', en: 'More points than the amount to pay' },
  'points-over-max': {
    ru: 'Баллами можно оплатить не больше доли чека, которую задал владелец',
    en: 'Points may pay no more than the share of a check the owner set',
  },
  'reward-unknown': { ru: 'Такой награды больше нет в каталоге', en: 'This reward is no longer in the catalogue' },
  'unknown-upload': { ru: 'Файл больше не на сервере — загрузите его снова', en: 'The file is no longer on the server — upload it again' },
  'import-running': { ru: 'Импорт уже идёт — дождитесь его конца', en: 'An import is already running — wait for it to finish' },
  'file-unreadable': { ru: 'Файл не удалось прочитать', en: 'The file could not be read' },
  'file-empty': { ru: 'Файл пустой', en: 'The file is empty' },
  'file-too-large': { ru: 'Файл слишком большой', en: 'The file is too large' },
  'not-a-table': { ru: 'Это не CSV и не Excel (.xlsx)', en: 'This is neither a CSV nor an Excel (.xlsx) file' },
  'encoding-not-utf8': {
    ru: 'CSV не в UTF-8: в Excel выберите «Сохранить как → CSV UTF-8» или загрузите сам .xlsx',
    en: 'The CSV is not UTF-8: in Excel use Save as → "CSV UTF-8", or upload the .xlsx itself',
  },
  'xlsx-encrypted': {
    ru: 'Книга защищена паролем: снимите пароль в Excel и сохраните снова',
    en: 'The workbook has a password: remove it in Excel and save again',
  },
  'xlsx-legacy-xls': { ru: 'Это старый формат .xls: сохраните книгу как .xlsx', en: 'This is an old .xls workbook: save it as .xlsx' },
  'xlsx-corrupt': { ru: 'Книга Excel повреждена', en: 'The Excel workbook is damaged' },
  'xlsx-too-large': { ru: 'Лист Excel слишком большой', en: 'The Excel sheet is too large' },
  'xlsx-no-sheet': { ru: 'В книге нет листа с данными', en: 'The workbook has no sheet with data' },
  'no-header': { ru: 'Нет строки заголовков со столбцом телефона', en: 'No header row with a phone column' },
  'mapping-invalid': { ru: 'Столбцы сопоставлены неверно', en: 'The columns are mapped wrongly' },
  'promotion-ended': { ru: 'Акция уже завершена — её нельзя изменить', en: 'The promotion has ended and can no longer be changed' },
  'outbox-not-empty': {
    ru: 'На планшете есть неотправленные записи: при отключении они потеряются. Дождитесь синхронизации или подтвердите отключение.',
    en: 'The tablet holds unsent records: unpairing it loses them. Wait for it to sync, or confirm the unpairing.',
  },
  network: { ru: 'Нет связи с сервером', en: 'No connection to the server' },
  unknown: { ru: 'Что-то пошло не так', en: 'Something went wrong' },
};

export function errorMessage(code: string, locale: 'ru' | 'en'): string {
  return (ERROR_MESSAGES[code as ClientErrorCode] ?? ERROR_MESSAGES.unknown)[locale];
}
