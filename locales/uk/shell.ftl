app-name = NextCRM
shell-skip-to-content = Перейти до вмісту
shell-nav-label = Головна навігація
nav-home = Головна
nav-users = Користувачі
header-user-menu = Меню облікового запису
header-profile = Профіль
header-sign-out = Вийти
header-language = Мова
header-apply = Застосувати
header-theme = Тема
theme-light = Світла
theme-dark = Темна
theme-system = Системна
loading = Завантаження…
not-found-title = Сторінку не знайдено
not-found-body = Цієї сторінки не існує, або ви не маєте до неї доступу.
not-found-home = На головну сторінку
home-greeting = Вітаємо, { $name }
pager-label = Посторінкова навігація
pager-previous = Попередня
pager-next = Наступна
pager-page = Сторінка { $page }
role-admin = Адміністратор
role-manager = Менеджер
role-user = Користувач
dashboard-deals = { $count ->
    [one] { $count } угода
    [few] { $count } угоди
    [many] { $count } угод
   *[other] { $count } угоди
}
dashboard-won-month = Виграно цього місяця
dashboard-won-quarter = Виграно цього кварталу
dashboard-win-rate = Частка виграних
dashboard-win-rate-note = Від угод, закритих цього кварталу
dashboard-none-closed = Закритих ще немає
dashboard-my-tasks = Мої відкриті завдання
dashboard-overdue = Прострочено: { $count }
dashboard-overdue-badge = Прострочено
dashboard-unconverted = Не враховано в сумах через відсутність обмінного курсу: { $amounts }
dashboard-pipeline = Воронка за етапами
dashboard-open-pipeline = Відкрити воронку
dashboard-chart-summary = Відкриті угоди за етапами: { $stages }
dashboard-count = Угоди
dashboard-closing = Найближчі закриття
dashboard-closing-none = Немає відкритих угод із закриттям від сьогодні.
dashboard-tasks-none = Немає відкритих завдань із терміном виконання.
dashboard-all-tasks = Усі мої завдання
dashboard-activity = Нещодавні активності
