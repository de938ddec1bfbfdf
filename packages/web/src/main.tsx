import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.tsx'
import './styles.css'
import { registerServiceWorker } from './offline/service-worker.ts'

const root = document.getElementById('root')
if (!root) throw new Error('no #root element')
createRoot(root).render(<StrictMode><App /></StrictMode>)
registerServiceWorker()
