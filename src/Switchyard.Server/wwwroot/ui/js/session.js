// The signed-in token, kept for this browser tab only (sessionStorage), never in localStorage or cookies.
const KEY = 'switchyard.token';

export const getToken = () => sessionStorage.getItem(KEY);
export const setToken = (token) => sessionStorage.setItem(KEY, token);
export const clearToken = () => sessionStorage.removeItem(KEY);
